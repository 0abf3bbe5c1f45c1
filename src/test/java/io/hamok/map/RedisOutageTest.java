package io.hamok.map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.store.redis.RedisSettings;
import io.hamok.store.redis.RedisStoreFactory;
import io.hamok.testing.RedisServerFixture;
import io.hamok.testing.TestGrid;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis stops answering for a while (CLIENT PAUSE): the leader keeps retrying the committed batch, a
 * caller that runs out of time hears "outcome unknown", never "failed", and every write takes effect
 * once Redis is back, in order. The pause outlasts a follower's forward to the leader (twice the upper
 * election timeout), so the forward goes again meanwhile: the patient caller still gets its own result.
 */
class RedisOutageTest {
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void redisPaused_writesWaitOrReportUnknown_andAllTakeEffectAfterwards() {
        try (TestGrid grid = TestGrid.start(3, () -> RedisStoreFactory.create(RedisSettings.builder(RedisServerFixture.url())
                .timeout(Duration.ofMillis(500)).build()))) {
            String mapId = "outage-" + System.nanoTime();
            int leader = grid.awaitLeaderIndex();
            int follower = grid.otherThan(leader).orElseThrow();
            HamokRemoteMap<String, Integer> patient = HamokRemoteMap.create(grid.peer(follower),
                    HamokRemoteMapConfig.<String, Integer>builder(mapId).requestTimeout(Duration.ofSeconds(30)).build());
            HamokRemoteMap<String, Integer> hasty = HamokRemoteMap.create(grid.peer(leader),
                    HamokRemoteMapConfig.<String, Integer>builder(mapId).requestTimeout(Duration.ofMillis(800)).build());
            patient.set("k", 0).join();

            RedisServerFixture.send("CLIENT", "PAUSE", "6000", "ALL");
            CompletableFuture<Integer> waiting = patient.set("k", 1);
            CompletionException timedOut = assertThrows(CompletionException.class, () -> hasty.set("other", 7).join());
            OutcomeUnknownException unknown = assertInstanceOf(OutcomeUnknownException.class, timedOut.getCause());
            assertTrue(unknown.getMessage().contains("may or may not"), unknown.getMessage());

            assertEquals(0, waiting.join(), "the patient write completes once Redis answers again");
            await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(7).equals(patient.get("other").join()));
            assertEquals(1, patient.get("k").join());
            assertEquals(1, patient.set("k", 2).join(), "later writes see the earlier ones, in order");
        }
    }
}
