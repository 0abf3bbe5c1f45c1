package io.hamok.jcache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.jcache.configuration.HamokConfiguration;
import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.map.HamokRemoteMap;
import io.hamok.map.VersionedValue;
import io.hamok.raft.Grid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** HamokConfiguration's options beyond JSR-107, on the embedded default. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HamokConfigurationOptionsTest {
    private CacheManager manager;
    private String name;

    @BeforeAll
    void defaultManager() {
        manager = Caching.getCachingProvider(HamokCachingProvider.class.getName()).getCacheManager();
    }

    @BeforeEach
    void cacheName(TestInfo info) {
        name = "options-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void destroy() {
        manager.destroyCache(name);
    }

    private static HamokConfiguration<String, String> strings() {
        HamokConfiguration<String, String> configuration = new HamokConfiguration<>();
        configuration.setTypes(String.class, String.class);
        return configuration;
    }

    // ------------------------------------------------------------------ noEvents

    @Test
    void createCache_noEventsWithListenerConfiguration_failsNamingNoEvents() {
        HamokConfiguration<String, String> configuration = strings().setNoEvents(true);
        configuration.addCacheEntryListenerConfiguration(new EventRecorder<String, String>().configuration(true));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> manager.createCache(name, configuration));

        assertTrue(e.getMessage().contains("noEvents"), e.getMessage());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertNull(manager.getCache(name), "no cache is created");
        // the name is still free
        assertFalse(manager.createCache(name, strings().setNoEvents(true)).isClosed());
    }

    @Test
    void registerCacheEntryListener_noEventsCache_failsWithIllegalStateNamingNoEvents() {
        Cache<String, String> cache = manager.createCache(name, strings().setNoEvents(true));
        MutableCacheEntryListenerConfiguration<String, String> listener =
                new EventRecorder<String, String>().configuration(true);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.registerCacheEntryListener(listener));

        assertTrue(e.getMessage().contains("noEvents"), e.getMessage());
        assertFalse(cache.getConfiguration(HamokConfiguration.class).getCacheEntryListenerConfigurations().iterator().hasNext(),
                "the refused listener is not in the configuration");
        cache.put("k", "v");
        assertEquals("v", cache.get("k"), "the cache works without events");
    }

    @Test
    void noEventsFalse_listenerRegisteredLater_seesOwnPut() {
        Cache<String, String> cache = manager.createCache(name, strings());
        EventRecorder<String, String> recorder = new EventRecorder<>();
        cache.registerCacheEntryListener(recorder.configuration(true));

        cache.put("k", "v");

        assertEquals(List.of(EventRecorder.Event.created("k", "v")), recorder.events(),
                "a synchronous listener has seen the event when put returns");
    }

    // ------------------------------------------------------------------ maxOutboundMessageKeys

    /** Distinct versions (log indexes of the entries that wrote them) of the keys after one putAll. */
    private Set<Long> versionsAfterPutAll(HamokConfiguration<String, String> configuration, int keys) {
        Cache<String, String> cache = manager.createCache(name, configuration);
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < keys; i++) {
            entries.put("k" + i, "v" + i);
        }
        cache.putAll(entries);
        assertEquals(entries, cache.getAll(entries.keySet()));
        @SuppressWarnings("unchecked")
        HamokRemoteMap<String, String> map = cache.unwrap(HamokRemoteMap.class);
        Map<String, VersionedValue<String>> stored = map.getEntries(entries.keySet()).join();
        Set<Long> versions = new HashSet<>();
        stored.values().forEach(entry -> versions.add(entry.version()));
        return versions;
    }

    @Test
    void putAll_noKeyLimit_oneCommandOneVersion() {
        assertEquals(1, versionsAfterPutAll(strings(), 10).size());
    }

    @Test
    void putAll_maxOutboundMessageKeys3_splitIntoSeveralCommands() {
        HamokConfiguration<String, String> configuration = strings().setMaxOutboundMessageKeys(3);
        Cache<String, String> cache = manager.createCache(name, configuration);
        @SuppressWarnings("unchecked")
        HamokRemoteMap<String, String> map = cache.unwrap(HamokRemoteMap.class);
        assertEquals(3, map.config().maxOutboundMessageKeys(), "the option reaches the map");
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            entries.put("k" + i, "v" + i);
        }
        Grid grid = manager.unwrap(Grid.class);
        long requestsBefore = grid.status().requests();

        cache.putAll(entries);

        // 10 keys in commands of at most 3 keys: 4 commands, where one command would do without the limit (the
        // committer may pack them into fewer entries). The count follows each answer, so it may trail putAll's
        // return by a moment, and it counts every command of the peer, so one of cache creation may come late.
        await().alias("at least 4 commands submitted for one putAll of 10 keys").atMost(Duration.ofSeconds(5))
                .until(() -> grid.status().requests() - requestsBefore >= 4);
        assertEquals(entries, cache.getAll(entries.keySet()));
    }

    @Test
    void removeAll_maxOutboundMessageKeys2_removesEveryKeyWithEvents() {
        Cache<String, String> cache = manager.createCache(name, strings().setMaxOutboundMessageKeys(2));
        EventRecorder<String, String> recorder = new EventRecorder<>();
        cache.registerCacheEntryListener(recorder.configuration(true));
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            cache.put("k" + i, "v" + i);
            keys.add("k" + i);
        }

        cache.removeAll(keys);

        assertTrue(cache.getAll(keys).isEmpty());
        List<Object> removed = new ArrayList<>();
        recorder.events(javax.cache.event.EventType.REMOVED).forEach(e -> removed.add(e.key()));
        assertEquals(keys, new HashSet<>(removed));
        assertEquals(7, removed.size());
    }

    // ------------------------------------------------------------------ requestTimeout

    /** Blocks the events of the caller's own write until released. */
    public static final class BlockingListener implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void put_slowerThanRequestTimeout_failsWithOutcomeUnknownAfterTheCacheTimeout() {
        HamokConfiguration<String, String> configuration = strings().setRequestTimeout(Duration.ofMillis(300));
        configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(BlockingListener.class), null, false, true));
        Cache<String, String> cache = manager.createCache(name, configuration);
        BlockingListener.release = new CountDownLatch(1);
        long start = System.nanoTime();
        try {
            CacheException e = assertThrows(CacheException.class, () -> cache.put("k", "v"));

            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(OutcomeUnknownException.class, e, e.toString());
            assertTrue(elapsedMillis >= 250 && elapsedMillis < 5_000,
                    "failed after " + elapsedMillis + " ms (expected: about the cache's 300 ms, not the manager's 10 s)");
        } finally {
            BlockingListener.release.countDown();
        }
        assertEquals("v", cache.get("k"), "the write itself committed");
    }

    @Test
    void requestTimeout_unset_isTheManagersSetting() {
        Cache<String, String> cache = manager.createCache(name, strings());
        @SuppressWarnings("unchecked")
        HamokRemoteMap<String, String> map = cache.unwrap(HamokRemoteMap.class);
        assertEquals(manager.unwrap(HamokCacheManager.class).settings().requestTimeout(), map.config().requestTimeout());
    }

    // ------------------------------------------------------------------ equalValues

    @Test
    void replace_caseInsensitiveEqualValues_replacesWhenEqualIgnoringCase() {
        Cache<String, String> cache = manager.createCache(name, strings().setEqualValues(String::equalsIgnoreCase));
        cache.put("k", "Hello");

        assertTrue(cache.replace("k", "HELLO", "world"));
        assertEquals("world", cache.get("k"));
        assertFalse(cache.replace("k", "hello", "again"), "the value is no longer hello in any case");
        assertTrue(cache.remove("k", "WORLD"), "remove(k, v) uses equalValues too");
        assertNull(cache.get("k"));
    }

    @Test
    void replace_defaultEqualValues_isEquals() {
        Cache<String, String> cache = manager.createCache(name, strings());
        cache.put("k", "Hello");

        assertFalse(cache.replace("k", "HELLO", "world"));
        assertTrue(cache.replace("k", "Hello", "world"));
        assertEquals("world", cache.get("k"));
    }
}
