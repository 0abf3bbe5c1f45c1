package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.HamokException;
import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.store.redis.RedisRemoteMap;
import io.hamok.store.redis.RedisSettings;
import io.hamok.store.redis.RedisStoreFactory;
import io.hamok.testing.RedisServerFixture;
import io.hamok.testing.TestGrid;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Someone overwrites one map's Redis hash with a string by hand: every write of that map gets WRONGTYPE.
 * The leader tries a few times, then fails that map's calls with an error that names the map and Redis'
 * answer, and isolates it: writes to another map keep succeeding well within the request timeout, and
 * once the key is repaired the broken map takes writes again by itself.
 */
class BrokenMapTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void wrongTypeKey_failsThatMapClearly_otherMapsKeepWorking_andTheMapRecoversAfterRepair() throws Exception {
        try (TestGrid grid = TestGrid.start(3, () -> RedisStoreFactory.create(RedisSettings.builder(RedisServerFixture.url())
                .build()))) {
            String brokenId = "broken-" + System.nanoTime();
            String healthyId = "healthy-" + System.nanoTime();
            HamokRemoteMap<String, Integer> broken = HamokRemoteMap.create(grid.peer(1),
                    HamokRemoteMapConfig.<String, Integer>builder(brokenId).requestTimeout(REQUEST_TIMEOUT).build());
            HamokRemoteMap<String, Integer> healthy = HamokRemoteMap.create(grid.peer(2),
                    HamokRemoteMapConfig.<String, Integer>builder(healthyId).requestTimeout(REQUEST_TIMEOUT).build());
            broken.set("k", 1).join();
            healthy.set("k", 1).join();

            String key = RedisRemoteMap.dataKey(brokenId);
            RedisServerFixture.send("DEL", key);
            assertEquals("+OK", RedisServerFixture.send("SET", key, "written by hand"));

            long started = System.nanoTime();
            CompletionException failed = assertThrows(CompletionException.class, () -> broken.set("k", 2).join());
            long firstFailureMillis = millisSince(started);
            HamokException error = assertInstanceOf(HamokException.class, failed.getCause());
            assertTrue(!(error instanceof OutcomeUnknownException), "a known failure: " + error);
            assertTrue(error.getMessage().contains("map '" + brokenId + "'") && error.getMessage().contains("WRONGTYPE")
                    && error.getMessage().contains("not executed"), error.getMessage());
            assertTrue(firstFailureMillis < REQUEST_TIMEOUT.toMillis(), "failed within requestTimeout: " + firstFailureMillis + " ms");

            for (int i = 2; i < 12; i++) {
                long write = System.nanoTime();
                assertEquals(i - 1, healthy.set("k", i).join(), "the healthy map keeps its writes in order");
                assertTrue(millisSince(write) < REQUEST_TIMEOUT.toMillis() / 2, "a healthy write took " + millisSince(write) + " ms");
                int value = i;
                CompletionException again = assertThrows(CompletionException.class, () -> broken.set("k", value).join());
                assertTrue(again.getCause().getMessage().contains("WRONGTYPE"), again.getCause().getMessage());
            }

            RedisServerFixture.send("DEL", key);
            assertEquals(null, broken.set("k", 42).join(), "the repaired map takes writes (its old hash is gone)");
            assertEquals(42, broken.get("k").join());
            assertEquals(11, healthy.get("k").join());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void corruptAppliedIndex_failsThatMapClearly_otherMapsKeepWorking_andTheMapRecoversAfterRepair() throws Exception {
        try (TestGrid grid = TestGrid.start(3, () -> RedisStoreFactory.create(RedisSettings.builder(RedisServerFixture.url())
                .build()))) {
            String brokenId = "bad-index-" + System.nanoTime();
            String healthyId = "fine-" + System.nanoTime();
            HamokRemoteMap<String, Integer> broken = HamokRemoteMap.create(grid.peer(0),
                    HamokRemoteMapConfig.<String, Integer>builder(brokenId).requestTimeout(REQUEST_TIMEOUT).build());
            HamokRemoteMap<String, Integer> healthy = HamokRemoteMap.create(grid.peer(1),
                    HamokRemoteMapConfig.<String, Integer>builder(healthyId).requestTimeout(REQUEST_TIMEOUT).build());
            broken.set("k", 1).join();
            String appliedKey = RedisRemoteMap.appliedKey(brokenId);
            long applied = grid.peer(0).store(brokenId).appliedIndex().get(10, TimeUnit.SECONDS);
            assertEquals("+OK", RedisServerFixture.send("SET", appliedKey, "not-a-number"));

            CompletionException failed = assertThrows(CompletionException.class, () -> broken.set("k", 2).join());
            assertTrue(failed.getCause().getMessage().contains("map '" + brokenId + "'")
                    && failed.getCause().getMessage().contains("not-a-number"), failed.getCause().getMessage());
            long write = System.nanoTime();
            assertEquals(null, healthy.set("k", 1).join());
            assertTrue(millisSince(write) < REQUEST_TIMEOUT.toMillis() / 2, "a healthy write took " + millisSince(write) + " ms");

            assertEquals("+OK", RedisServerFixture.send("SET", appliedKey, Long.toString(applied)));
            assertEquals(1, broken.set("k", 3).join(), "the repaired map takes writes again");
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
