package io.hamok.jcache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hamok.jcache.EventRecorder.Event;
import io.hamok.testing.ThreeCacheManagers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AsyncCache} on three peers in this JVM (cache managers configured by properties files, the
 * in-memory store shared by name), as in {@link ThreePeerCacheContract}. Peers are A, B and C.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AsyncCacheThreePeerTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    private static final String[] IDS = ThreeCacheManagers.IDS;

    private final String run = Long.toString(System.nanoTime(), 36);
    private ThreeCacheManagers grid;
    private List<CacheManager> managers;
    private ExecutorService threads;
    private String name;

    @BeforeAll
    void startPeers() throws Exception {
        grid = ThreeCacheManagers.start("async-" + run, memoryStore());
        managers = grid.managers();
        threads = grid.threads();
    }

    @AfterAll
    void stopPeers() throws IOException {
        if (grid != null) {
            grid.close();
        }
    }

    private Properties memoryStore() {
        Properties store = new Properties();
        store.setProperty("hamok.store", "memory");
        store.setProperty("hamok.memory.name", "async-three-peers-" + run);
        return store;
    }

    @BeforeEach
    void cacheName(TestInfo info) {
        name = info.getTestMethod().orElseThrow().getName() + "-" + run;
    }

    private <K, V> List<Cache<K, V>> createEverywhere(MutableConfiguration<K, V> configuration) {
        return grid.createEverywhere(name, configuration);
    }

    @Test
    void putAsync_fiveHundredInFlightOnA_allCompleteAndVisibleOnBAndC() {
        List<Cache<String, String>> caches = createEverywhere(new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class));
        AsyncCache<String, String> a = AsyncCache.of(caches.get(0));
        Map<String, String> expected = new LinkedHashMap<>();
        List<CompletableFuture<Void>> puts = new ArrayList<>();

        for (int i = 0; i < 500; i++) {
            expected.put("k" + i, "v" + i);
            puts.add(a.putAsync("k" + i, "v" + i).toCompletableFuture());
        }

        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        for (Cache<String, String> cache : caches) {
            assertEquals(expected, cache.getAll(expected.keySet()), cache.getCacheManager().getURI().toString());
        }
    }

    @Test
    void invokeAsync_incrementsInFlightFromThreePeersTwoThreadsEach_exact() throws Exception {
        List<Cache<String, Integer>> caches = createEverywhere(new MutableConfiguration<String, Integer>()
                .setTypes(String.class, Integer.class));
        EntryProcessor<String, Integer, Integer> increment = (entry, arguments) -> {
            int value = entry.exists() ? entry.getValue() + 1 : 1;
            entry.setValue(value);
            return value;
        };
        int threadsPerPeer = 2;
        int perThread = 20;
        List<Future<List<CompletableFuture<Integer>>>> issued = new ArrayList<>();
        for (Cache<String, Integer> cache : caches) {
            AsyncCache<String, Integer> async = AsyncCache.of(cache);
            for (int t = 0; t < threadsPerPeer; t++) {
                issued.add(threads.submit(() -> {
                    List<CompletableFuture<Integer>> stages = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        stages.add(async.invokeAsync("counter", increment).toCompletableFuture());
                    }
                    return stages;
                }));
            }
        }
        Set<Integer> results = new HashSet<>();
        for (Future<List<CompletableFuture<Integer>>> stages : issued) {
            for (CompletableFuture<Integer> stage : stages.get(60, TimeUnit.SECONDS)) {
                results.add(stage.get(60, TimeUnit.SECONDS));
            }
        }

        int total = caches.size() * threadsPerPeer * perThread;
        assertEquals(total, results.size(), "every increment saw its own value");
        for (Cache<String, Integer> cache : caches) {
            assertEquals(total, AsyncCache.of(cache).getAsync("counter").toCompletableFuture().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void putAsync_onA_listenersOnAAndBSeeTheEvents() throws Exception {
        List<Cache<String, String>> caches = createEverywhere(new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class));
        EventRecorder<String, String> onA = new EventRecorder<>();
        EventRecorder<String, String> onB = new EventRecorder<>();
        caches.get(0).registerCacheEntryListener(onA.configuration(true));
        caches.get(1).registerCacheEntryListener(onB.configuration(false));
        AsyncCache<String, String> a = AsyncCache.of(caches.get(0));

        List<Event> onAAtCompletion = a.putAsync("k", "v").thenApply(ignored -> onA.events())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(List.of(Event.created("k", "v")), onAAtCompletion, "A's own listener, before the stage completes");
        await().atMost(EVENTUALLY).until(() -> !onB.events().isEmpty());
        assertEquals(List.of(Event.created("k", "v")), onB.events());
    }
}
