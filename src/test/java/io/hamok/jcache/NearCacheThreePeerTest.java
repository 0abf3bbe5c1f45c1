package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hamok.jcache.configuration.HamokConfiguration;
import io.hamok.map.NearCacheStatistics;
import io.hamok.raft.NearCacheMode;
import io.hamok.testing.ThreeCacheManagers;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Three peers in this JVM over a shared in-memory store, caches with a near cache: a write on one peer is
 * read at once on every other, whose near cache held the old value; hits, misses and invalidations count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NearCacheThreePeerTest {
    private final String run = Long.toString(System.nanoTime(), 36);
    private ThreeCacheManagers grid;

    @BeforeAll
    void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hamok.store", "memory");
        settings.setProperty("hamok.memory.name", "near-" + run);
        grid = ThreeCacheManagers.start("near-" + run, settings);
    }

    @AfterAll
    void stop() throws Exception {
        if (grid != null) {
            grid.close();
        }
    }

    private List<Cache<String, String>> caches(String name, NearCacheMode mode) {
        return grid.createEverywhere(name + "-" + run, new HamokConfiguration<String, String>()
                .setNearCache(mode).setTypes(String.class, String.class));
    }

    @Test
    void get_afterWriteOnAnotherPeer_seesItAtOnce() {
        List<Cache<String, String>> caches = caches("fresh", NearCacheMode.LINEARIZABLE);
        caches.get(0).put("k", "v0");
        awaitHitOn(caches.get(1), "k", "v0");
        for (int i = 1; i <= 30; i++) {
            caches.get(i % 3).put("k", "v" + i);
            for (Cache<String, String> cache : caches) {
                assertEquals("v" + i, cache.get("k"), "read after the acknowledged write " + i);
            }
        }
        caches.get(2).remove("k");
        for (Cache<String, String> cache : caches) {
            assertNull(cache.get("k"));
        }
        NearCacheStatistics stats = caches.get(1).unwrap(HamokCache.class).nearCacheStatistics();
        assertEquals(NearCacheMode.LINEARIZABLE, stats.mode());
        assertTrue(stats.hits() > 0 && stats.invalidations() > 0, "counters: " + stats);
    }

    @Test
    void invokeAndReplace_withNearCache_loseNoUpdate() throws Exception {
        List<Cache<String, Long>> caches = grid.createEverywhere("counter-" + run, new HamokConfiguration<String, Long>()
                .setNearCache(NearCacheMode.LINEARIZABLE).setTypes(String.class, Long.class));
        caches.get(0).put("n", 0L);
        List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
        for (Cache<String, Long> cache : caches) {
            calls.add(grid.threads().submit(() -> {
                for (int i = 0; i < 20; i++) {
                    cache.invoke("n", (entry, args) -> {
                        entry.setValue(entry.getValue() + 1);
                        return null;
                    });
                }
            }));
        }
        for (var call : calls) {
            call.get(60, TimeUnit.SECONDS);
        }
        for (Cache<String, Long> cache : caches) {
            assertEquals(60L, cache.get("n"));
        }
        assertTrue(caches.get(1).replace("n", 60L, 61L));
        assertEquals(61L, caches.get(2).get("n"));
    }

    @Test
    void eventualMode_readsTheWriteWithinTheLease() throws Exception {
        List<Cache<String, String>> caches = caches("eventual", NearCacheMode.EVENTUAL);
        caches.get(0).put("k", "a");
        awaitHitOn(caches.get(2), "k", "a");
        caches.get(0).put("k", "b");
        Thread.sleep(400); // the lease: 300 ms election timeout here, leases last half of it
        assertEquals("b", caches.get(2).get("k"));
        assertEquals(NearCacheMode.EVENTUAL, caches.get(2).getConfiguration(HamokConfiguration.class).getNearCache());
    }

    @Test
    void configuration_badValues_areRefused() {
        HamokConfiguration<String, String> configuration = new HamokConfiguration<>();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> configuration.setNearCacheMaxEntries(-1));
        assertTrue(bad.getMessage().contains("nearCacheMaxEntries : -1"), bad.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> NearCacheMode.parse("hamok.nearCache", "sometimes"));
        assertEquals("hamok.nearCache : 'sometimes' (expected: off, linearizable or eventual)", mode.getMessage());
    }

    /** Reads until a read is served from the near cache (the peer got its lease and filled the key). */
    private static void awaitHitOn(Cache<String, String> cache, String key, String expected) {
        HamokCache<?, ?> hamok = cache.unwrap(HamokCache.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            long before = hamok.nearCacheStatistics().hits();
            assertEquals(expected, cache.get(key));
            if (hamok.nearCacheStatistics().hits() > before) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("no near-cache hit within 20 s: " + hamok.nearCacheStatistics());
    }
}
