package io.hamok.fault;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerProcess;
import io.hamok.testing.RedisServerFixture;
import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade that changes the wire version: a peer of the next version (a child JVM whose version
 * is pinned by the test-only flag) tries to join a running grid of this version. The grid refuses the
 * mix: the newer peer does not start, says why, and nothing of its version reaches the log. The same
 * peer at this version joins.
 */
class WireVersionMixTest {
    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void peerOfTheNextWireVersion_joiningARunningGrid_refusesToStartNamingBothVersions(@TempDir Path dir) throws IOException {
        List<PeerAddress> addresses = IntStream.range(0, 3)
                .mapToObj(i -> new PeerAddress("p" + i, "127.0.0.1", TestGrid.freePort())).toList();
        String store = "mix-" + System.nanoTime();
        MemoryStoreFactory keepsTheStore = MemoryStoreFactory.named(store);
        List<Grid> running = new ArrayList<>();
        Path logDir = logs.directory(getClass(), "mix");
        try (PeerProcess newer = new PeerProcess("p2", logDir.resolve("p2.log"), "-mix", (peer, line) -> { })) {
            for (int i = 0; i < 2; i++) {
                running.add(Grid.start(GridConfig.builder().groupId("mix").peers(addresses).localPeerId("p" + i)
                        .storageDir(dir.resolve("p" + i)).storeFactory(MemoryStoreFactory.named(store)).build()));
            }
            running.get(0).awaitReady(Duration.ofSeconds(60));
            Path properties = dir.resolve("p2.properties");
            Properties file = new Properties();
            file.setProperty("hamok.peers", addresses.stream().map(PeerAddress::toString).collect(Collectors.joining(",")));
            file.setProperty("hamok.localPeerId", "p2");
            file.setProperty("hamok.groupId", "mix");
            file.setProperty("hamok.storageDir", dir.resolve("p2").toString());
            file.setProperty("hamok.store", "redis");
            file.setProperty("hamok.redis.url", RedisServerFixture.url());
            try (OutputStream out = Files.newOutputStream(properties)) {
                file.store(out, "the peer of the next version");
            }

            newer.jvmOptions("-Dhamok.internal.wireVersion=4");
            newer.start(properties);
            PeerProcess.PeerStartException refused = assertThrows(PeerProcess.PeerStartException.class,
                    () -> newer.awaitStarted(PeerCluster.START_TIMEOUT));
            assertTrue(refused.report().matches(".*peer 'p2' runs wire version 4 but peer 'p[01]' runs wire version 3:"
                    + " peers of different wire versions do not form one grid.*"), refused.report());
            // the grid goes on, and the same peer at this version joins it
            running.get(1).sync().get(30, TimeUnit.SECONDS);
            try (PeerProcess same = new PeerProcess("p2", logDir.resolve("p2-same-version.log"), "-mix", (peer, line) -> { })) {
                same.start(properties);
                same.awaitStarted(PeerCluster.START_TIMEOUT);
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } finally {
            running.parallelStream().forEach(Grid::close);
            keepsTheStore.close();
        }
    }
}
