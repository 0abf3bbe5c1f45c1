package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.NearCacheMode;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three peers in this JVM, a map with a linearizable near cache on each, the leader stopped: the new
 * leader takes writes within seconds (the near-cache leases of the old leader hold nothing up for long),
 * and every survivor reads the writes made after the failover.
 */
class NearCacheFailoverTest {
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void leaderStopped_newLeaderTakesWritesWithinSeconds_survivorsReadThem() throws Exception {
        String mapId = "near-failover-" + System.nanoTime();
        String storeName = "near-failover-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(3, () -> MemoryStoreFactory.named(storeName))) {
            List<HamokRemoteMap<String, Integer>> maps = new ArrayList<>();
            for (int i = 0; i < grid.size(); i++) {
                maps.add(HamokRemoteMap.create(grid.peer(i), HamokRemoteMapConfig.<String, Integer>builder(mapId)
                        .nearCache(NearCacheMode.LINEARIZABLE).requestTimeout(Duration.ofSeconds(20)).build()));
            }
            for (int round = 0; round < 20; round++) {
                maps.get(round % 3).set("k", round).get(20, TimeUnit.SECONDS);
                for (HamokRemoteMap<String, Integer> map : maps) {
                    assertEquals(round, map.get("k").get(20, TimeUnit.SECONDS));
                }
            }
            int leader = grid.awaitLeaderIndex();
            long stoppedAt = System.nanoTime();
            grid.stopPeer(leader);
            int survivor = grid.otherThan(leader).orElseThrow();
            maps.get(survivor).set("k", 100).get(30, TimeUnit.SECONDS);
            long failoverMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            for (int round = 101; round < 120; round++) {
                maps.get(survivor).set("k", round).get(20, TimeUnit.SECONDS);
                for (int i = 0; i < grid.size(); i++) {
                    if (i != leader) {
                        assertEquals(round, maps.get(i).get("k").get(20, TimeUnit.SECONDS));
                    }
                }
            }
            System.out.println("[NearCacheFailoverTest] a write after the leader stopped took " + failoverMillis + " ms");
            assertTrue(failoverMillis < 8_000, "the first write after the failover took " + failoverMillis + " ms");
            maps.forEach(HamokRemoteMap::close);
        }
    }
}
