package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.configuration.HamokConfiguration;
import io.hamok.raft.NearCacheMode;
import io.hamok.testing.ThreeCacheManagers;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The eventual mode's documented bound: a read that begins one lease (half the election timeout) after a
 * write was acknowledged, on any peer, returns that write or a later one. Three peers in this JVM over a
 * shared in-memory store; one writes, the two others keep reading from their near caches.
 */
class NearCacheStalenessTest {
    /** The lease of these peers: half their 300 ms lower election timeout. */
    private static final long LEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void eventualMode_readOneLeaseAfterAnAcknowledgedWrite_returnsIt() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Properties settings = new Properties();
        settings.setProperty("hamok.store", "memory");
        settings.setProperty("hamok.memory.name", "staleness-" + run);
        try (ThreeCacheManagers grid = ThreeCacheManagers.start("staleness-" + run, settings)) {
            List<Cache<String, Long>> caches = grid.createEverywhere("bound-" + run, new HamokConfiguration<String, Long>()
                    .setNearCache(NearCacheMode.EVENTUAL).setTypes(String.class, Long.class));
            Cache<String, Long> writer = caches.get(0);
            List<String> late = new ArrayList<>();
            long maxStaleNanos = 0;
            writer.put("k", 0L);
            for (long value = 1; value <= 40; value++) {
                writer.put("k", value);
                long acknowledged = System.nanoTime();
                for (Cache<String, Long> reader : caches.subList(1, 3)) {
                    // read until the reader returns the write; every read begun after the bound must return it
                    while (true) {
                        long began = System.nanoTime();
                        Long read = reader.get("k");
                        if (read != null && read >= value) {
                            maxStaleNanos = Math.max(maxStaleNanos, began - acknowledged);
                            reader.get("k"); // served from the near cache once filled
                            break;
                        }
                        if (began - acknowledged > LEASE_NANOS) {
                            late.add("value " + value + " not read " + (began - acknowledged) / 1_000_000 + " ms after its"
                                    + " acknowledgement (read " + read + ")");
                            break;
                        }
                    }
                }
            }
            long hits = caches.subList(1, 3).stream()
                    .mapToLong(c -> c.unwrap(HamokCache.class).nearCacheStatistics().hits()).sum();
            System.out.println("[NearCacheStalenessTest] longest a reader returned an older value: "
                    + maxStaleNanos / 1_000_000 + " ms; near-cache hits " + hits);
            assertTrue(hits > 40, "the readers' near caches served too few reads to tell: " + hits);
            assertEquals(List.of(), late);
        }
    }
}
