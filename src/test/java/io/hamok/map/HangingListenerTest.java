package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.HamokException;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import io.hamok.testing.ValuesSeen;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener that hangs holds only its own map's listener thread: the peer's other maps get their events,
 * {@code sync()} returns and the peer's writes go on. The write whose own listener did not return within
 * listenerTimeout (5 s by default) took effect and fails with an error that says so; the map's later
 * events queue behind the hung listener, which gets them in order once it returns.
 */
class HangingListenerTest {
    private static final long LISTENER_TIMEOUT_MILLIS = 5_000;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void hungSynchronousListener_blocksNeitherOtherMapsNorSyncNorWrites() throws Exception {
        String store = "hanging-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(1, () -> MemoryStoreFactory.named(store))) {
            HamokRemoteMap<String, Integer> stuck = HamokRemoteMap.create(grid.peer(0),
                    HamokRemoteMapConfig.<String, Integer>builder("stuck").requestTimeout(Duration.ofSeconds(20)).build());
            HamokRemoteMap<String, Integer> other = HamokRemoteMap.create(grid.peer(0),
                    HamokRemoteMapConfig.<String, Integer>builder("other").requestTimeout(Duration.ofSeconds(20)).build());
            CountDownLatch release = new CountDownLatch(1);
            List<Integer> stuckSaw = new CopyOnWriteArrayList<>();
            stuck.addListener(new MapListener<>() {
                @Override
                public void onInsert(String key, Integer value) {
                    stuckSaw.add(value);
                    await(release);
                }

                @Override
                public void onUpdate(String key, Integer oldValue, Integer newValue) {
                    stuckSaw.add(newValue);
                }
            });
            ValuesSeen<String, Integer> otherListener = new ValuesSeen<>();
            other.addListener(otherListener);
            List<Integer> otherSaw = otherListener.values();

            long started = System.nanoTime();
            CompletableFuture<Integer> hanging = stuck.set("k", 1);
            CompletionException timedOut = assertThrows(CompletionException.class, hanging::join);
            long waited = millisSince(started);
            HamokException error = assertInstanceOf(HamokException.class, timedOut.getCause());
            assertTrue(error.getMessage().contains("did not return within listenerTimeout")
                    && error.getMessage().contains("took effect"), error.getMessage());
            assertTrue(waited >= LISTENER_TIMEOUT_MILLIS - 500 && waited < LISTENER_TIMEOUT_MILLIS + 5_000,
                    "the caller waited about listenerTimeout: " + waited + " ms");
            assertEquals(1, stuck.get("k").join(), "the write took effect");

            for (int i = 1; i <= 5; i++) {
                long write = System.nanoTime();
                other.set("k", i).join();
                grid.peer(0).sync().get(10, TimeUnit.SECONDS);
                assertTrue(millisSince(write) < 2_000, "a write and a sync took " + millisSince(write) + " ms");
            }
            assertEquals(List.of(1, 2, 3, 4, 5), otherSaw, "the other map's listener got every event, in order");

            long queued = System.nanoTime();
            CompletionException behind = assertThrows(CompletionException.class, () -> stuck.set("k", 2).join());
            assertTrue(millisSince(queued) < 2_000, "no wait while the listener is stuck: " + millisSince(queued) + " ms");
            assertTrue(behind.getCause().getMessage().contains("has not returned from an earlier event"),
                    behind.getCause().getMessage());
            assertEquals(List.of(1), stuckSaw, "the hung listener is still in its first event");

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stuckSaw.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(1, 2), stuckSaw, "the queued event follows once the listener returns");
            assertEquals(2, stuck.set("k", 3).join(), "the map's writes and listeners are back to normal");
            assertEquals(List.of(1, 2, 3), stuckSaw);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
