package io.hamok.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.map.MapListener;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots let Ratis purge the log: the leader drops old segments, a peer that was away while they
 * were purged gets the snapshot installed and carries on (listeners included), and a grid restarted
 * from its storage directories resumes from the snapshots.
 */
class LogSnapshotTest {
    private static final int SNAPSHOT_EVERY = 20;
    /** The leader records a checkpoint every second; a snapshot follows it within another second. */
    private static final long SETTLE_MILLIS = 3_000;

    @TempDir
    Path dirs;

    @Test
    void purgedLog_isInstalledAsSnapshotOnAReturningPeer_andARestartedGridResumes() throws Exception {
        String storeName = "snapshots-" + System.nanoTime();
        MemoryStoreFactory keepsTheStore = MemoryStoreFactory.named(storeName);
        List<PeerAddress> addresses = List.of(peer("p0"), peer("p1"), peer("p2"));
        Grid[] peers = new Grid[3];
        try {
            for (int i = 0; i < 3; i++) {
                peers[i] = start(addresses, i, storeName);
            }
            peers[0].awaitLeader(TestGrid.LEADER_TIMEOUT);
            int leader = leaderIndex(peers);
            int away = (leader + 1) % 3;
            int other = (leader + 2) % 3;
            map(peers[away]).set("before", 0).join();
            peers[away].close();

            // More than one 32 MiB log segment, so that the leader can purge a closed one.
            HamokRemoteMap<String, Object> onLeader = map(peers[leader]);
            for (int round = 0; round < 40; round++) {
                onLeader.setAll(bigValues(round)).join();
            }
            Thread.sleep(SETTLE_MILLIS);
            for (int i = 0; i < 3 * SNAPSHOT_EVERY; i++) {
                map(peers[other]).set("small-" + i, i).join();
            }
            Path leaderGroupDir = groupDir(leader);
            awaitTrue(() -> listNames(leaderGroupDir.resolve("current"), "log_0-").isEmpty(),
                    "the leader purges the log segment that starts at index 0");
            assertFalse(listNames(leaderGroupDir.resolve("sm"), "snapshot.").isEmpty(), "the leader wrote a snapshot");

            peers[away] = start(addresses, away, storeName);
            // The leader retries an unreachable follower every second before it notices the peer is back,
            // and then installs its snapshot.
            awaitTrue(() -> !listNames(groupDir(away).resolve("sm"), "snapshot.").isEmpty(),
                    "the leader installed its snapshot on the returning peer");
            HamokRemoteMap<String, Object> returned = map(peers[away]);
            List<String> inserts = new CopyOnWriteArrayList<>();
            returned.addListener(new MapListener<>() {
                @Override
                public void onInsert(String key, Object value) {
                    inserts.add(key);
                }
            });
            returned.sync().get(30, TimeUnit.SECONDS);
            assertEquals(59, returned.get("small-59").join(), "the returning peer reads what was written while away");
            map(peers[leader]).set("after-return", 1).join();
            awaitTrue(() -> inserts.contains("after-return"), "the returning peer's listener sees new inserts");

            for (int i = 0; i < 3; i++) {
                peers[i].close();
                peers[i] = null;
            }
            for (int i = 0; i < 3; i++) {
                peers[i] = start(addresses, i, storeName);
            }
            peers[0].awaitLeader(TestGrid.LEADER_TIMEOUT);
            HamokRemoteMap<String, Object> restarted = map(peers[0]);
            assertEquals(1, restarted.set("after-return", 2).get(30, TimeUnit.SECONDS),
                    "after a full restart from snapshots the grid executes new writes, once");
            assertEquals(2, map(peers[2]).get("after-return").join());
            assertEquals(0, restarted.get("before").join());
        } finally {
            for (Grid peer : peers) {
                if (peer != null) {
                    peer.close();
                }
            }
            keepsTheStore.close();
        }
    }

    private Grid start(List<PeerAddress> addresses, int i, String storeName) {
        return Grid.start(GridConfig.builder()
                .peers(addresses)
                .localPeerId(addresses.get(i).id())
                .storageDir(dirs.resolve(addresses.get(i).id()))
                .electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000))
                .storeFactory(MemoryStoreFactory.named(storeName))
                .snapshotEveryEntries(SNAPSHOT_EVERY)
                .build());
    }

    private static HamokRemoteMap<String, Object> map(Grid grid) {
        return HamokRemoteMap.create(grid, HamokRemoteMapConfig.<String, Object>builder("snapshotted").build());
    }

    private static Map<String, Object> bigValues(int round) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            values.put("big-" + round + "-" + i, new byte[10_000]);
        }
        return values;
    }

    private static PeerAddress peer(String id) {
        return new PeerAddress(id, "127.0.0.1", TestGrid.freePort());
    }

    private static int leaderIndex(Grid[] peers) {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].isLeader()) {
                return i;
            }
        }
        String leaderId = peers[0].leaderId().orElseThrow();
        return Integer.parseInt(leaderId.substring(1));
    }

    /** The Ratis group directory under a peer's storage directory. */
    private Path groupDir(int peer) {
        try (Stream<Path> groups = Files.list(dirs.resolve("p" + peer))) {
            return groups.filter(Files::isDirectory).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> listNames(Path dir, String prefix) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).forEach(names::add);
        } catch (IOException e) {
            return names;
        }
        return names;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(50);
        }
    }
}
