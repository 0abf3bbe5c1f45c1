package io.hamok.tck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.StoreFactory;
import io.hamok.store.redis.RedisSettings;
import io.hamok.store.redis.RedisStoreFactory;
import io.hamok.testing.RedisServerFixture;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * For the TCK's grid run ({@code -Dhamok.tck.grid=true}): starts a redis-server on loopback and peers
 * {@code p2} and {@code p3} of a three-peer grid in this JVM before the tests, and points the TCK's
 * cache manager (the provider's default URI) at peer {@code p1} through {@code hamok.*} system
 * properties, with a linearizable near cache on every cache ({@code hamok.nearCache}). Stops the peers after
 * the tests; the Redis fixture stops with the JVM.
 */
public final class GridLauncherSessionListener implements LauncherSessionListener {
    private static final Duration ELECTION_MIN = Duration.ofMillis(300);
    private static final Duration ELECTION_MAX = Duration.ofMillis(600);

    private final List<Grid> grids = new ArrayList<>();
    private final List<StoreFactory> stores = new ArrayList<>();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("hamok.tck.grid") || !grids.isEmpty()) {
            return;
        }
        String redisUrl = RedisServerFixture.url();
        RedisServerFixture.flushAll();
        List<PeerAddress> peers = List.of(peer("p1"), peer("p2"), peer("p3"));
        for (PeerAddress peer : peers.subList(1, 3)) {
            StoreFactory store = RedisStoreFactory.create(RedisSettings.builder(redisUrl).build(), "tck");
            stores.add(store);
            grids.add(Grid.start(GridConfig.builder().groupId("tck").peers(peers).localPeerId(peer.id())
                    .electionTimeout(ELECTION_MIN, ELECTION_MAX).storeFactory(store).temporaryStorage(true).build()));
        }
        System.setProperty("hamok.peers", peers.stream().map(PeerAddress::toString).collect(Collectors.joining(",")));
        System.setProperty("hamok.localPeerId", "p1");
        System.setProperty("hamok.groupId", "tck");
        System.setProperty("hamok.storageDir", "temporary");
        System.setProperty("hamok.store", "redis");
        // the grid run also exercises every cache with a linearizable near cache on
        System.setProperty("hamok.nearCache", "linearizable");
        System.setProperty("hamok.redis.url", redisUrl);
        System.setProperty("hamok.electionTimeoutMin", ELECTION_MIN.toMillis() + "ms");
        System.setProperty("hamok.electionTimeoutMax", ELECTION_MAX.toMillis() + "ms");
        System.out.println("[hamok-tck] grid run: peers " + peers + " over Redis " + redisUrl + "; the TCK's manager is p1");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        grids.forEach(Grid::close);
        stores.forEach(StoreFactory::close);
        grids.clear();
        stores.clear();
    }

    private static PeerAddress peer(String id) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new PeerAddress(id, "127.0.0.1", socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for peer " + id, e);
        }
    }
}
