package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.jcache.configuration.HamokConfiguration;
import io.hamok.jcache.spi.HamokCachingProvider;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.EventType;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** {@link AsyncCache} on the embedded default (one peer, in-memory store). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncCacheTest {
    private static final long WAIT_SECONDS = 30;

    private CacheManager manager;
    private String name;

    @BeforeAll
    void defaultManager() {
        manager = Caching.getCachingProvider(HamokCachingProvider.class.getName()).getCacheManager();
    }

    @BeforeEach
    void cacheName(TestInfo info) {
        name = "async-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void destroy() {
        manager.destroyCache(name);
        manager.destroyCache(name + "-sync");
    }

    private static HamokConfiguration<String, String> strings() {
        HamokConfiguration<String, String> configuration = new HamokConfiguration<>();
        configuration.setTypes(String.class, String.class);
        configuration.setStatisticsEnabled(true);
        return configuration;
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stage failed or timed out", e);
        }
    }

    /** The exception a stage failed with (the cause of the ExecutionException). */
    private static Throwable failure(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }

    /** True for the threads the async API may run user code on: the caller's, or the manager's executor. */
    private static boolean userCodeThread(String thread, String caller) {
        return thread.equals(caller) || thread.startsWith("hamok-jcache-loader-");
    }

    /** Appends its argument to the value (creating it), and returns the new value. */
    static final class Append implements EntryProcessor<String, String, String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String process(javax.cache.processor.MutableEntry<String, String> entry, Object... arguments) {
            String value = (entry.exists() ? entry.getValue() : "") + arguments[0];
            entry.setValue(value);
            return value;
        }
    }

    // ------------------------------------------------------------------ same results as the synchronous methods

    private record Step(String what, Function<Cache<String, String>, Object> sync,
                        Function<AsyncCache<String, String>, CompletionStage<?>> async) {}

    @Test
    void everyMethod_sameCallsAsSyncCache_sameResultsStateAndStatistics() {
        Cache<String, String> syncCache = manager.createCache(name + "-sync", strings());
        Cache<String, String> asyncCache = manager.createCache(name, strings());
        AsyncCache<String, String> async = AsyncCache.of(asyncCache);
        Set<String> abc = Set.of("a", "b", "c");
        List<Step> steps = List.of(
                new Step("get absent", c -> c.get("a"), c -> c.getAsync("a")),
                new Step("put", c -> { c.put("a", "1"); return null; }, c -> c.putAsync("a", "1")),
                new Step("get present", c -> c.get("a"), c -> c.getAsync("a")),
                new Step("containsKey present", c -> c.containsKey("a"), c -> c.containsKeyAsync("a")),
                new Step("containsKey absent", c -> c.containsKey("b"), c -> c.containsKeyAsync("b")),
                new Step("putIfAbsent present", c -> c.putIfAbsent("a", "2"), c -> c.putIfAbsentAsync("a", "2")),
                new Step("putIfAbsent absent", c -> c.putIfAbsent("b", "2"), c -> c.putIfAbsentAsync("b", "2")),
                new Step("getAndPut present", c -> c.getAndPut("a", "3"), c -> c.getAndPutAsync("a", "3")),
                new Step("getAndPut absent", c -> c.getAndPut("c", "3"), c -> c.getAndPutAsync("c", "3")),
                new Step("getAll", c -> c.getAll(abc), c -> c.getAllAsync(abc)),
                new Step("replace present", c -> c.replace("a", "4"), c -> c.replaceAsync("a", "4")),
                new Step("replace absent", c -> c.replace("z", "4"), c -> c.replaceAsync("z", "4")),
                new Step("replace old wrong", c -> c.replace("a", "x", "5"), c -> c.replaceAsync("a", "x", "5")),
                new Step("replace old right", c -> c.replace("a", "4", "5"), c -> c.replaceAsync("a", "4", "5")),
                new Step("getAndReplace present", c -> c.getAndReplace("a", "6"), c -> c.getAndReplaceAsync("a", "6")),
                new Step("getAndReplace absent", c -> c.getAndReplace("z", "6"), c -> c.getAndReplaceAsync("z", "6")),
                new Step("remove(k, v) wrong", c -> c.remove("a", "x"), c -> c.removeAsync("a", "x")),
                new Step("remove(k, v) right", c -> c.remove("a", "6"), c -> c.removeAsync("a", "6")),
                new Step("getAndRemove present", c -> c.getAndRemove("b"), c -> c.getAndRemoveAsync("b")),
                new Step("getAndRemove absent", c -> c.getAndRemove("b"), c -> c.getAndRemoveAsync("b")),
                new Step("remove present", c -> c.remove("c"), c -> c.removeAsync("c")),
                new Step("remove absent", c -> c.remove("c"), c -> c.removeAsync("c")),
                new Step("putAll", c -> { c.putAll(Map.of("x", "1", "y", "2")); return null; },
                        c -> c.putAllAsync(Map.of("x", "1", "y", "2"))),
                new Step("invoke update", c -> c.invoke("x", new Append(), "+"), c -> c.invokeAsync("x", new Append(), "+")),
                new Step("invoke create", c -> c.invoke("w", new Append(), "new"),
                        c -> c.invokeAsync("w", new Append(), "new")),
                new Step("getAll after", c -> c.getAll(Set.of("a", "b", "c", "w", "x", "y")),
                        c -> c.getAllAsync(Set.of("a", "b", "c", "w", "x", "y"))));

        for (Step step : steps) {
            assertEquals(step.sync().apply(syncCache), join(step.async().apply(async)), step.what());
        }

        CacheStatisticsMXBean expected = syncCache.unwrap(HamokCache.class).statistics();
        CacheStatisticsMXBean actual = asyncCache.unwrap(HamokCache.class).statistics();
        assertEquals(expected.getCacheHits(), actual.getCacheHits(), "hits");
        assertEquals(expected.getCacheMisses(), actual.getCacheMisses(), "misses");
        assertEquals(expected.getCachePuts(), actual.getCachePuts(), "puts");
        assertEquals(expected.getCacheRemovals(), actual.getCacheRemovals(), "removals");
        assertTrue(actual.getCacheHits() > 0 && actual.getCachePuts() > 0 && actual.getCacheRemovals() > 0,
                "statistics counted: " + actual.getCacheHits() + " hits");
    }

    @Test
    void unwrap_asyncCache_givesTheCacheItself() {
        Cache<String, String> cache = manager.createCache(name, strings());

        assertSame(cache, cache.unwrap(AsyncCache.class));
        assertSame(cache, AsyncCache.of(cache));
    }

    // ------------------------------------------------------------------ many in flight

    @Test
    void putAsync_thousandInFlightFromOneThread_allCompleteAndAllStored() {
        Cache<String, String> cache = manager.createCache(name, strings());
        AsyncCache<String, String> async = AsyncCache.of(cache);
        Map<String, String> expected = new LinkedHashMap<>();
        List<CompletableFuture<Void>> puts = new ArrayList<>();

        for (int i = 0; i < 1000; i++) {
            expected.put("k" + i, "v" + i);
            puts.add(async.putAsync("k" + i, "v" + i).toCompletableFuture());
        }

        join(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
        assertEquals(expected, cache.getAll(expected.keySet()));
        assertEquals(1000, cache.unwrap(HamokCache.class).statistics().getCachePuts());
    }

    @Test
    void invokeAsync_incrementsInFlightFromFourThreads_exactAndEachResultOnce() throws Exception {
        HamokConfiguration<String, Integer> configuration = new HamokConfiguration<>();
        configuration.setTypes(String.class, Integer.class);
        AsyncCache<String, Integer> async = AsyncCache.of(manager.createCache(name, configuration));
        EntryProcessor<String, Integer, Integer> increment = (entry, arguments) -> {
            int value = entry.exists() ? entry.getValue() + 1 : 1;
            entry.setValue(value);
            return value;
        };
        int threads = 4;
        int perThread = 50;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<Integer>>>> issued = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                issued.add(callers.submit(() -> {
                    List<CompletableFuture<Integer>> stages = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        stages.add(async.invokeAsync("counter", increment).toCompletableFuture());
                    }
                    return stages;
                }));
            }
            Collection<Integer> results = new ArrayList<>();
            for (Future<List<CompletableFuture<Integer>>> stages : issued) {
                for (CompletableFuture<Integer> stage : stages.get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    results.add(join(stage));
                }
            }

            assertEquals(threads * perThread, join(async.getAsync("counter")));
            Set<Integer> distinct = new HashSet<>(results);
            assertEquals(threads * perThread, distinct.size(), "every increment saw its own value");
        } finally {
            callers.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void getAsync_nullKey_throwsNullPointerException() {
        AsyncCache<String, String> async = AsyncCache.of(manager.createCache(name, strings()));

        assertThrows(NullPointerException.class, () -> async.getAsync(null));
        assertThrows(NullPointerException.class, () -> async.putAsync(null, "v"));
        assertThrows(NullPointerException.class, () -> async.putAsync("k", null));
        assertThrows(NullPointerException.class, () -> async.getAllAsync(new HashSet<>(java.util.Arrays.asList("k", null))));
        assertThrows(NullPointerException.class, () -> async.replaceAsync("k", null, "v"));
        assertThrows(NullPointerException.class, () -> async.invokeAsync("k", null));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void putAsync_wrongValueType_throwsClassCastException() {
        AsyncCache raw = AsyncCache.of(manager.createCache(name, strings()));

        assertThrows(ClassCastException.class, () -> raw.putAsync("k", 42));
    }

    @Test
    void putAsync_closedCache_throwsIllegalStateException() {
        Cache<String, String> cache = manager.createCache(name, strings());
        AsyncCache<String, String> async = AsyncCache.of(cache);
        cache.close();

        assertThrows(IllegalStateException.class, () -> async.putAsync("k", "v"));
        assertThrows(IllegalStateException.class, () -> async.getAsync("k"));
        assertThrows(IllegalStateException.class, () -> async.invokeAsync("k", new Append(), "x"));
    }

    @Test
    void invokeAsync_processorThrows_failsWithEntryProcessorException() {
        AsyncCache<String, String> async = AsyncCache.of(manager.createCache(name, strings()));
        EntryProcessor<String, String, Object> failing = (entry, arguments) -> {
            throw new IllegalArgumentException("boom");
        };

        Throwable e = failure(async.invokeAsync("k", failing));

        assertInstanceOf(EntryProcessorException.class, e);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    /** A writer that refuses every write. */
    public static final class RefusingWriter implements CacheWriter<String, String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
            throw new CacheWriterException("refused " + entry.getKey());
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
            throw new CacheWriterException("refused all");
        }

        @Override
        public void delete(Object key) {}

        @Override
        public void deleteAll(Collection<?> keys) {}
    }

    @Test
    void putAsync_writerThrows_failsStageWithCacheWriterExceptionAndStoresNothing() {
        HamokConfiguration<String, String> configuration = strings();
        configuration.setWriteThrough(true);
        configuration.setCacheWriterFactory(FactoryBuilder.factoryOf(RefusingWriter.class));
        Cache<String, String> cache = manager.createCache(name, configuration);

        CompletionStage<Void> stage = AsyncCache.of(cache).putAsync("k", "v");

        assertInstanceOf(CacheWriterException.class, failure(stage));
        assertNull(cache.get("k"));
    }

    @Test
    void putAsync_slowerThanRequestTimeout_failsWithOutcomeUnknownException() {
        HamokConfiguration<String, String> configuration = strings();
        configuration.setRequestTimeout(Duration.ofMillis(300));
        configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(HamokConfigurationOptionsTest.BlockingListener.class), null, false, true));
        Cache<String, String> cache = manager.createCache(name, configuration);
        HamokConfigurationOptionsTest.BlockingListener.release = new CountDownLatch(1);
        try {
            Throwable e = failure(AsyncCache.of(cache).putAsync("k", "v"));

            assertInstanceOf(OutcomeUnknownException.class, e, e.toString());
        } finally {
            HamokConfigurationOptionsTest.BlockingListener.release.countDown();
        }
    }

    // ------------------------------------------------------------------ events, loader, threads

    @Test
    void putAsync_synchronousListener_sawEventsBeforeStageCompletes() {
        Cache<String, String> cache = manager.createCache(name, strings());
        EventRecorder<String, String> recorder = new EventRecorder<>();
        cache.registerCacheEntryListener(recorder.configuration(true));
        AsyncCache<String, String> async = AsyncCache.of(cache);

        List<EventRecorder.Event> atCompletion = join(async.putAsync("k", "v1")
                .thenCompose(ignored -> async.getAndPutAsync("k", "v2"))
                .thenCompose(ignored -> async.removeAsync("k"))
                .thenApply(ignored -> recorder.events()));

        assertEquals(List.of(EventType.CREATED, EventType.UPDATED, EventType.REMOVED),
                atCompletion.stream().map(EventRecorder.Event::type).toList());
        assertEquals("v1", atCompletion.get(1).oldValue());
    }

    /** Loads "loaded-" + key and records the thread it ran on. */
    public static final class RecordingLoader implements CacheLoader<String, String>, Serializable {
        private static final long serialVersionUID = 1L;
        static final Set<String> THREADS = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public String load(String key) {
            THREADS.add(Thread.currentThread().getName());
            return "loaded-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> loaded = new LinkedHashMap<>();
            keys.forEach(key -> loaded.put(key, load(key)));
            return loaded;
        }
    }

    @Test
    void getAsync_readThroughMiss_loadsStoresAndCountsMiss() {
        HamokConfiguration<String, String> configuration = strings();
        configuration.setReadThrough(true);
        configuration.setCacheLoaderFactory(FactoryBuilder.factoryOf(RecordingLoader.class));
        Cache<String, String> cache = manager.createCache(name, configuration);
        RecordingLoader.THREADS.clear();
        String caller = Thread.currentThread().getName();

        assertEquals("loaded-k", join(AsyncCache.of(cache).getAsync("k")));
        assertEquals(Map.of("m", "loaded-m"), join(AsyncCache.of(cache).getAllAsync(Set.of("m"))));

        @SuppressWarnings("unchecked")
        io.hamok.map.HamokRemoteMap<String, String> map = cache.unwrap(io.hamok.map.HamokRemoteMap.class);
        assertEquals("loaded-k", map.get("k").join(), "the loaded value is stored");
        assertEquals(2, cache.unwrap(HamokCache.class).statistics().getCacheMisses());
        assertTrue(RecordingLoader.THREADS.stream().allMatch(thread -> userCodeThread(thread, caller)),
                "loader threads " + RecordingLoader.THREADS);
    }

    @Test
    void putAsync_dependentStage_runsOnCallerOrExecutorNeverOnGridThread() {
        AsyncCache<String, String> async = AsyncCache.of(manager.createCache(name, strings()));
        String caller = Thread.currentThread().getName();
        List<CompletableFuture<String>> threads = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            threads.add(async.putAsync("k" + i, "v").thenApply(ignored -> Thread.currentThread().getName())
                    .toCompletableFuture());
            threads.add(async.invokeAsync("k" + i, new Append(), "+").thenApply(ignored -> Thread.currentThread().getName())
                    .toCompletableFuture());
        }

        for (CompletableFuture<String> thread : threads) {
            String name = join(thread);
            assertTrue(userCodeThread(name, caller), "a dependent stage ran on " + name);
        }
    }
}
