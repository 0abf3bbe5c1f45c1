package io.hamok.jcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An asynchronous listener's queue is bounded: with the listener stuck and the queue full, delivery
 * waits a while for room, then drops the event and counts it; the events that were queued still arrive,
 * in order, once the listener returns. (The cache is a stand-in that only has a name; the map is real.)
 */
class AsyncListenerQueueTest {
    static final List<Integer> SEEN = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch release;

    /** Blocks in its first event until released. */
    public static final class StuckListener implements CacheEntryCreatedListener<String, Integer>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            for (CacheEntryEvent<? extends String, ? extends Integer> event : events) {
                SEEN.add(event.getValue());
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @SuppressWarnings("unchecked")
    void fullQueue_waitsThenDropsAndCounts_queuedEventsStillArriveInOrder() throws Exception {
        SEEN.clear();
        release = new CountDownLatch(1);
        String store = "async-queue-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(1, () -> MemoryStoreFactory.named(store))) {
            HamokRemoteMap<String, Integer> map = HamokRemoteMap.create(grid.peer(0),
                    HamokRemoteMapConfig.<String, Integer>builder("jcache/queue").build());
            Cache<String, Integer> cache = (Cache<String, Integer>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Cache.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getName")) {
                            return "queue";
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            EventDispatcher<String, Integer> dispatcher = new EventDispatcher<>(cache, map, 2, 200);
            dispatcher.register(new MutableCacheEntryListenerConfiguration<>(
                    FactoryBuilder.factoryOf(StuckListener.class), null, false, false));

            dispatcher.onInsert("k1", 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (SEEN.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            for (int i = 2; i <= 5; i++) {
                dispatcher.onInsert("k" + i, i);
            }

            assertEquals(2, dispatcher.droppedEvents(), "two events found the queue (2) full");
            release.countDown();
            while (SEEN.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(1, 2, 3), SEEN, "the queued events arrive in order, the dropped ones never");
            dispatcher.close();
            map.close();
        }
    }
}
