package io.hamok.jcache.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hamok.jcache.configuration.GridSettings;
import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.StoreFactory;

/**
 * One running grid peer shared by the cache managers of this JVM that name the same peer (for example
 * the same URI under two class loaders). Reference counted: the last {@link #release()} closes it.
 */
public final class GridPeer {
    private static final Map<String, GridPeer> PEERS = new ConcurrentHashMap<>();

    private final String key;
    private final Grid grid;
    private final StoreFactory storeFactory;
    private int users;

    private GridPeer(String key, Grid grid, StoreFactory storeFactory) {
        this.key = key;
        this.grid = grid;
        this.storeFactory = storeFactory;
    }

    /** The running peer for these settings, started if none runs. */
    public static GridPeer acquire(GridSettings settings) {
        synchronized (PEERS) {
            GridPeer peer = PEERS.get(settings.peerKey());
            if (peer == null) {
                peer = start(settings);
                PEERS.put(peer.key, peer);
            }
            peer.users++;
            return peer;
        }
    }

    private static GridPeer start(GridSettings settings) {
        StoreFactory store = "redis".equals(settings.store())
                ? GridLauncher.redisStore(settings.redis().url(), settings.redis().username(), settings.redis().password(),
                settings.redis().database(), settings.redis().connectionPoolSize(), settings.redis().timeout())
                : GridLauncher.memoryStore(settings.memoryName());
        try {
            List<PeerAddress> peers = settings.embedded()
                    ? List.of(new PeerAddress(GridSettings.EMBEDDED_PEER_ID, "127.0.0.1", freePort()))
                    : settings.peers();
            GridConfig config = GridConfig.builder()
                    .groupId(settings.groupId())
                    .peers(peers)
                    .localPeerId(settings.localPeerId())
                    .storageDir(settings.storageDir())
                    .electionTimeout(settings.electionTimeoutMin(), settings.electionTimeoutMax())
                    .storeFactory(store)
                    .build();
            Grid grid = GridLauncher.start(config);
            try {
                grid.awaitLeader(settings.startTimeout());
            } catch (RuntimeException e) {
                closeQuietly(grid);
                throw e;
            }
            return new GridPeer(settings.peerKey(), grid, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens a map on this peer. */
    public <K, V> HamokRemoteMap<K, V> openMap(HamokRemoteMapConfig<K, V> config) {
        return GridLauncher.openMap(grid, config);
    }

    /** Gives up one use; the last closes the grid and its store. */
    public void release() {
        synchronized (PEERS) {
            if (--users > 0) {
                return;
            }
            PEERS.remove(key, this);
        }
        try {
            grid.close();
        } catch (Exception e) {
            throw Await.unwrap(e);
        } finally {
            storeFactory.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the start failure is the one to report
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the embedded peer", e);
        }
    }
}
