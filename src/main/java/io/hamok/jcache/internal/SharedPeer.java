package io.hamok.jcache.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
public final class SharedPeer {
    private static final Map<String, SharedPeer> PEERS = new ConcurrentHashMap<>();

    private final String key;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private Grid grid;
    private StoreFactory storeFactory;
    private int users;

    private SharedPeer(String key) {
        this.key = key;
    }

    /**
     * The running peer for these settings, started if none runs. Only the registration happens under
     * the JVM-wide lock: starting and waiting for a leader do not, because a leader needs a majority, and
     * the other peers of this grid may be started by other managers of this JVM at the same time.
     */
    public static SharedPeer acquire(GridSettings settings, java.net.URI managerUri) {
        String key = settings.peerKey(managerUri);
        SharedPeer peer;
        boolean starter = false;
        synchronized (PEERS) {
            peer = PEERS.get(key);
            if (peer == null) {
                peer = new SharedPeer(key);
                PEERS.put(peer.key, peer);
                starter = true;
            }
            peer.users++;
        }
        if (starter) {
            peer.start(settings);
        }
        try {
            peer.started.join();
        } catch (CompletionException e) {
            throw Await.unwrap(e);
        }
        return peer;
    }

    private void start(GridSettings settings) {
        StoreFactory store = null;
        try {
            store = "redis".equals(settings.store()) && settings.redis().config() != null
                    ? GridLauncher.redisStore(settings.groupId(), settings.redis().config())
                    : "redis".equals(settings.store())
                    ? GridLauncher.redisStore(settings.groupId(), settings.redis().url(), settings.redis().username(), settings.redis().password(),
                    settings.redis().database(), settings.redis().connectionPoolSize(), settings.redis().timeout())
                    : GridLauncher.memoryStore(settings.memoryName());
            List<PeerAddress> peers = settings.embedded()
                    ? List.of(new PeerAddress(GridSettings.EMBEDDED_PEER_ID, "127.0.0.1", freePort()))
                    : settings.peers();
            GridConfig config = GridConfig.builder()
                    .groupId(settings.groupId())
                    .peers(peers)
                    .localPeerId(settings.localPeerId())
                    .storageDir(settings.storageDir())
                    .temporaryStorage(settings.temporaryStorage())
                    .rejoinAfterStorageLoss(settings.rejoinAfterStorageLoss())
                    .retryCacheExpiry(settings.retryCacheExpiry())
                    .listenerTimeout(settings.listenerTimeout())
                    .listenerExpiry(settings.listenerExpiry())
                    .electionTimeout(settings.electionTimeoutMin(), settings.electionTimeoutMax())
                    .storeFactory(store)
                    .logFsync(settings.logFsync())
                    .snapshotEveryEntries(settings.snapshotEveryEntries())
                    .tls(settings.tls())
                    .insecure(settings.tlsInsecure())
                    .build();
            Grid started = GridLauncher.start(config);
            try {
                started.awaitReady(settings.startTimeout());
            } catch (io.hamok.exceptions.NoLeaderException e) {
                // Start order does not matter: a peer that starts before a majority runs opens anyway.
                org.slf4j.LoggerFactory.getLogger(SharedPeer.class).warn("{}: {}; the cache manager opens anyway, and calls"
                        + " that need the grid wait up to hamok.requestTimeout for a majority", started.localPeerId(), e.getMessage());
            }
            io.hamok.jcache.management.GridAdminBean.register(started);
            this.grid = started;
            this.storeFactory = store;
            this.started.complete(null);
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.close();
            }
            synchronized (PEERS) {
                PEERS.remove(key, this);
            }
            this.started.completeExceptionally(e);
        }
    }

    /** The running grid peer. */
    public Grid grid() {
        return grid;
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
            io.hamok.jcache.management.GridAdminBean.unregister(grid);
            grid.close();
        } catch (Exception e) {
            throw Await.unwrap(e);
        } finally {
            storeFactory.close();
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
