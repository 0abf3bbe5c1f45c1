package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.write.Condition;
import io.hamok.store.StoreFactory;
import io.hamok.testing.TestGrid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leader is stopped while every peer writes: every acknowledged write is in the store, no
 * increment is applied twice or invented, and a new leader serves within seconds.
 */
abstract class LeaderFailoverContract {
    private static final int COUNTERS = 4;
    private static final int WRITERS_PER_PEER = 3;

    abstract StoreFactory storeFactory();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void leaderStoppedUnderConcurrentWrites_everyAcknowledgedWriteStays_noneTwice() throws Exception {
        String mapId = "failover-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(3, this::storeFactory)) {
            int leader = grid.awaitLeaderIndex();
            List<HamokRemoteMap<String, Integer>> maps = new ArrayList<>();
            for (int i = 0; i < grid.size(); i++) {
                maps.add(HamokRemoteMap.create(grid.peer(i), HamokRemoteMapConfig.<String, Integer>builder(mapId)
                        .requestTimeout(Duration.ofSeconds(20)).build()));
            }
            List<Map<String, AtomicInteger>> insertsSeen = new ArrayList<>();
            for (HamokRemoteMap<String, Integer> map : maps) {
                Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
                insertsSeen.add(seen);
                map.addListener(new MapListener<>() {
                    @Override
                    public void onInsert(String key, Integer value) {
                        seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
            Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> unknown = new ConcurrentHashMap<>();
            Set<String> ackedSets = ConcurrentHashMap.newKeySet();
            for (int c = 0; c < COUNTERS; c++) {
                maps.get(0).set("counter" + c, 0).join();
                acked.put("counter" + c, new AtomicInteger());
                unknown.put("counter" + c, new AtomicInteger());
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> writers = new ArrayList<>();
            for (int peer = 0; peer < grid.size(); peer++) {
                for (int w = 0; w < WRITERS_PER_PEER; w++) {
                    HamokRemoteMap<String, Integer> map = maps.get(peer);
                    String writer = "p" + peer + "w" + w;
                    int stride = peer * WRITERS_PER_PEER + w;
                    Thread thread = new Thread(() -> write(map, writer, stride, running, acked, unknown, ackedSets), writer);
                    writers.add(thread);
                    thread.start();
                }
            }
            Thread.sleep(1500);
            long stoppedAt = System.nanoTime();
            grid.stopPeer(leader);
            int survivor = grid.otherThan(leader).orElseThrow();
            maps.get(survivor).set("after-failover", 1).get(30, TimeUnit.SECONDS);
            long failoverMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            Thread.sleep(1500);
            running.set(false);
            for (Thread thread : writers) {
                thread.join(30_000);
            }

            HamokRemoteMap<String, Integer> check = maps.get(survivor);
            check.sync().join();
            int totalAcked = 0;
            for (int c = 0; c < COUNTERS; c++) {
                String key = "counter" + c;
                int value = check.get(key).join();
                int ok = acked.get(key).get();
                int maybe = unknown.get(key).get();
                totalAcked += ok;
                assertTrue(value >= ok, key + ": " + value + " in the store but " + ok + " increments acknowledged");
                assertTrue(value <= ok + maybe, key + ": " + value + " in the store but only " + ok
                        + " acknowledged and " + maybe + " unknown increments");
            }
            System.out.printf("%s: %d increments acknowledged, %d unknown, %d sets, new leader served after %d ms%n",
                    getClass().getSimpleName(), totalAcked, unknown.values().stream().mapToInt(AtomicInteger::get).sum(),
                    ackedSets.size(), failoverMillis);
            assertTrue(totalAcked > 20, "the writers made progress: " + totalAcked);
            Map<String, Integer> stored = check.getAll(ackedSets).join();
            assertEquals(ackedSets.size(), stored.size(), "every acknowledged set is in the store");
            assertTrue(failoverMillis < 15_000, "a new leader served after " + failoverMillis + " ms");
            java.util.Set<String> inserted = new java.util.HashSet<>(check.keys().join());
            for (int peer = 0; peer < grid.size(); peer++) {
                if (peer == leader) {
                    continue;
                }
                maps.get(peer).sync().join();
                Map<String, AtomicInteger> seen = insertsSeen.get(peer);
                for (Map.Entry<String, AtomicInteger> event : seen.entrySet()) {
                    assertEquals(1, event.getValue().get(), "peer " + peer + " saw the insert of " + event.getKey() + " "
                            + event.getValue() + " times");
                }
                assertEquals(inserted, seen.keySet(), "peer " + peer + " saw exactly one insert event per stored key");
            }
            assertNotNull(check.get("after-failover").join());
        }
    }

    private static void write(HamokRemoteMap<String, Integer> map, String writer, int stride, AtomicBoolean running,
                              Map<String, AtomicInteger> acked, Map<String, AtomicInteger> unknown, Set<String> ackedSets) {
        for (int n = 0; running.get(); n++) {
            String counter = "counter" + ((stride + n) % COUNTERS);
            try {
                VersionedValue<Integer> current = map.getEntry(counter).join();
                WriteResult<Integer> result = map.write(List.of(KeyWrite.put(counter, current.value() + 1,
                        Condition.IF_VERSION, current.version())), false).join().get(0);
                if (result.applied()) {
                    acked.get(counter).incrementAndGet();
                }
                String unique = writer + "-" + n;
                map.set(unique, n).join();
                ackedSets.add(unique);
            } catch (CompletionException | IllegalStateException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof OutcomeUnknownException) {
                    unknown.get(counter).incrementAndGet();
                } else if (cause instanceof IllegalStateException || e instanceof IllegalStateException) {
                    return; // this writer's peer was stopped
                }
            }
        }
    }
}
