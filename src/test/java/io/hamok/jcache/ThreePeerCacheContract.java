package io.hamok.jcache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.EventRecorder.Event;
import io.hamok.testing.ThreeCacheManagers;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Three cache managers in this JVM, each its own grid peer on loopback (configured as an application
 * would be: a properties file per peer named by the cache-manager URI), sharing one store. Written once
 * and bound to a store by subclasses. Peers are called A, B and C; which one leads is up to Raft.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ThreePeerCacheContract {
    private static final Duration EVENTUALLY = Duration.ofSeconds(10);
    private static final String[] IDS = ThreeCacheManagers.IDS;

    private final String run = Long.toString(System.nanoTime(), 36);
    private ThreeCacheManagers grid;
    private List<CacheManager> managers;
    private ExecutorService threads;
    private String name;

    /** The store settings every peer shares ({@code hamok.store} and what it needs). */
    abstract Properties storeSettings(String run);

    @BeforeAll
    void startPeers() throws Exception {
        grid = ThreeCacheManagers.start("jcache-" + run, storeSettings(run));
        managers = grid.managers();
        threads = grid.threads();
    }

    @AfterAll
    void stopPeers() throws IOException {
        if (grid != null) {
            grid.close();
        }
    }

    @BeforeEach
    void cacheName(TestInfo info) {
        name = info.getTestMethod().orElseThrow().getName() + "-" + run;
    }

    private <K, V> List<Cache<K, V>> createEverywhere(MutableConfiguration<K, V> configuration) {
        return grid.createEverywhere(name, configuration);
    }

    private List<Cache<String, String>> stringCaches() {
        return createEverywhere(new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    @Test
    void managers_eachItsOwnPeer_oneGrid() {
        Set<String> peerIds = new HashSet<>();
        for (CacheManager manager : managers) {
            peerIds.add(manager.unwrap(HamokCacheManager.class).settings().localPeerId());
        }
        assertEquals(Set.of(IDS), peerIds);
        List<Cache<String, String>> caches = stringCaches();
        caches.get(0).put("k", "from a");
        assertEquals("from a", caches.get(1).get("k"));
        assertEquals("from a", caches.get(2).get("k"));
    }

    @Test
    void listener_onOtherPeers_seesPutsUpdatesRemovesOfA_withOldValues() {
        List<Cache<String, String>> caches = stringCaches();
        EventRecorder<String, String> onB = new EventRecorder<>();
        EventRecorder<String, String> onC = new EventRecorder<>();
        caches.get(1).registerCacheEntryListener(onB.configuration(true));
        caches.get(2).registerCacheEntryListener(onC.configuration(false));

        Cache<String, String> a = caches.get(0);
        a.put("k", "v1");
        a.put("k", "v2");
        assertEquals("v2", a.getAndPut("k", "v3"));
        assertTrue(a.remove("k"));

        List<Event> expected = List.of(
                Event.created("k", "v1"),
                new Event(EventType.UPDATED, "k", "v2", "v1", true),
                new Event(EventType.UPDATED, "k", "v3", "v2", true),
                new Event(EventType.REMOVED, "k", "v3", "v3", true));
        await().atMost(EVENTUALLY).until(() -> onB.events().size() >= 4 && onC.events().size() >= 4);
        assertEquals(expected, onB.events(), "synchronous listener on B");
        assertEquals(expected, onC.events(), "asynchronous listener on C");
    }

    @Test
    void replaceOldNew_racingFromTwoPeers_exactlyOneWinsEveryRound() throws Exception {
        List<Cache<String, String>> caches = stringCaches();
        Cache<String, String> a = caches.get(0);
        Cache<String, String> b = caches.get(1);
        for (int round = 0; round < 30; round++) {
            String key = "r" + round;
            a.put(key, "start");
            CyclicBarrier barrier = new CyclicBarrier(2);
            Future<Boolean> byA = threads.submit(atBarrier(barrier, () -> a.replace(key, "start", "A")));
            Future<Boolean> byB = threads.submit(atBarrier(barrier, () -> b.replace(key, "start", "B")));
            boolean aWon = byA.get(30, TimeUnit.SECONDS);
            boolean bWon = byB.get(30, TimeUnit.SECONDS);

            assertTrue(aWon ^ bWon, "round " + round + ": A " + aWon + ", B " + bWon);
            String winner = aWon ? "A" : "B";
            for (Cache<String, String> cache : caches) {
                assertEquals(winner, cache.get(key), "round " + round);
            }
        }
    }

    @Test
    void putIfAbsent_racingFromTwoPeers_exactlyOneWinsEveryRound() throws Exception {
        List<Cache<String, String>> caches = stringCaches();
        Cache<String, String> b = caches.get(1);
        Cache<String, String> c = caches.get(2);
        for (int round = 0; round < 30; round++) {
            String key = "p" + round;
            CyclicBarrier barrier = new CyclicBarrier(2);
            Future<Boolean> byB = threads.submit(atBarrier(barrier, () -> b.putIfAbsent(key, "B")));
            Future<Boolean> byC = threads.submit(atBarrier(barrier, () -> c.putIfAbsent(key, "C")));
            boolean bWon = byB.get(30, TimeUnit.SECONDS);
            boolean cWon = byC.get(30, TimeUnit.SECONDS);

            assertTrue(bWon ^ cWon, "round " + round + ": B " + bWon + ", C " + cWon);
            String winner = bWon ? "B" : "C";
            for (Cache<String, String> cache : caches) {
                assertEquals(winner, cache.get(key), "round " + round);
            }
        }
    }

    @Test
    void invoke_incrementsFromThreePeersSeveralThreadsEach_loseNoUpdate() throws Exception {
        List<Cache<String, Integer>> caches = createEverywhere(new MutableConfiguration<String, Integer>()
                .setTypes(String.class, Integer.class));
        int threadsPerPeer = 3;
        int incrementsPerThread = 15;
        CyclicBarrier barrier = new CyclicBarrier(caches.size() * threadsPerPeer);
        List<Future<Integer>> workers = new ArrayList<>();
        for (Cache<String, Integer> cache : caches) {
            for (int t = 0; t < threadsPerPeer; t++) {
                workers.add(threads.submit(atBarrier(barrier, () -> {
                    for (int i = 0; i < incrementsPerThread; i++) {
                        cache.invoke("counter", (entry, args) -> {
                            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
                            return null;
                        });
                    }
                    return incrementsPerThread;
                })));
            }
        }
        int total = 0;
        for (Future<Integer> worker : workers) {
            total += worker.get(50, TimeUnit.SECONDS);
        }

        assertEquals(caches.size() * threadsPerPeer * incrementsPerThread, total);
        for (Cache<String, Integer> cache : caches) {
            assertEquals(total, cache.get("counter"));
        }
    }

    @Test
    void clear_onA_goneEverywhere_noEvents() {
        List<Cache<String, String>> caches = stringCaches();
        EventRecorder<String, String> onB = new EventRecorder<>();
        EventRecorder<String, String> onC = new EventRecorder<>();
        caches.get(1).registerCacheEntryListener(onB.configuration(true));
        caches.get(2).registerCacheEntryListener(onC.configuration(false));
        Cache<String, String> a = caches.get(0);
        Map<String, String> entries = entries(5);
        a.putAll(entries);
        await().atMost(EVENTUALLY).until(() -> onB.events().size() == 5 && onC.events().size() == 5);
        onB.clear();
        onC.clear();

        a.clear();

        for (Cache<String, String> cache : caches) {
            assertTrue(cache.getAll(entries.keySet()).isEmpty(), cache.getCacheManager().toString());
            assertFalse(cache.iterator().hasNext(), cache.getCacheManager().toString());
        }
        // JSR-107 clear(): "without notifying listeners". Events arrive in log order, so once the
        // marker's event is here, any event of clear would have come before it.
        a.put("marker", "m");
        await().atMost(EVENTUALLY).until(() -> !onB.events().isEmpty() && !onC.events().isEmpty());
        assertEquals(List.of(Event.created("marker", "m")), onB.events());
        assertEquals(List.of(Event.created("marker", "m")), onC.events());
    }

    @Test
    void removeAll_onA_goneEverywhere_removedEventsWithOldValuesOnOtherPeers() {
        List<Cache<String, String>> caches = stringCaches();
        EventRecorder<String, String> onB = new EventRecorder<>();
        EventRecorder<String, String> onC = new EventRecorder<>();
        caches.get(1).registerCacheEntryListener(onB.configuration(true));
        caches.get(2).registerCacheEntryListener(onC.configuration(false));
        Cache<String, String> a = caches.get(0);
        Map<String, String> entries = entries(4);
        a.putAll(entries);

        a.removeAll();

        for (Cache<String, String> cache : caches) {
            assertTrue(cache.getAll(entries.keySet()).isEmpty(), cache.getCacheManager().toString());
        }
        Set<Event> expected = new HashSet<>();
        entries.forEach((key, value) -> expected.add(new Event(EventType.REMOVED, key, value, value, true)));
        for (EventRecorder<String, String> recorder : List.of(onB, onC)) {
            await().atMost(EVENTUALLY).until(() -> recorder.events(EventType.REMOVED).size() >= entries.size());
            assertEquals(expected, new HashSet<>(recorder.events(EventType.REMOVED)));
            assertEquals(entries.size(), recorder.events(EventType.REMOVED).size());
        }
    }

    @Test
    void createdExpiry_putOnA_absentOnBAfterDeadline_expiredEventOnB() {
        long ttlMillis = 1000;
        List<Cache<String, String>> caches = createEverywhere(new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, ttlMillis))));
        EventRecorder<String, String> onB = new EventRecorder<>();
        Cache<String, String> b = caches.get(1);
        b.registerCacheEntryListener(onB.configuration(true));
        long start = System.currentTimeMillis();

        caches.get(0).put("k", "v");

        await().atMost(EVENTUALLY).until(() -> onB.events().size() == 1);
        assertEquals(List.of(Event.created("k", "v")), onB.events());
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(50)).until(() -> b.get("k") == null);
        long absentAfter = System.currentTimeMillis() - start;
        assertTrue(absentAfter >= ttlMillis, "absent after " + absentAfter + " ms (expected: not before " + ttlMillis + ")");
        await().atMost(EVENTUALLY).until(() -> onB.events().size() == 2);
        assertEquals(new Event(EventType.EXPIRED, "k", "v", "v", true), onB.events().get(1));
        assertNull(caches.get(0).get("k"));
        assertNull(caches.get(2).get("k"));
    }

    private static Map<String, String> entries(int count) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put("k" + i, "v" + i);
        }
        return entries;
    }

    private static <T> Callable<T> atBarrier(CyclicBarrier barrier, Callable<T> body) {
        return () -> {
            barrier.await(30, TimeUnit.SECONDS);
            return body.call();
        };
    }
}
