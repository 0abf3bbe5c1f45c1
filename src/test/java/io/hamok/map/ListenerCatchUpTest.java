package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import io.hamok.testing.ValuesSeen;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer restarted from its storage replays its log (and catches up on what it missed) while the
 * application already registers a listener again: that listener gets only the events of writes after
 * its registration, none of the thousands it replays from before.
 */
class ListenerCatchUpTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void listenerRegisteredWhileCatchingUp_getsNoEventFromBeforeItsRegistration() throws Exception {
        String store = "catch-up-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(3, () -> MemoryStoreFactory.named(store))) {
            int leader = grid.awaitLeaderIndex();
            int restarted = grid.otherThan(leader).orElseThrow();
            HamokRemoteMap<String, Integer> writer = HamokRemoteMap.create(grid.peer(leader),
                    HamokRemoteMapConfig.<String, Integer>builder("watched").build());
            HamokRemoteMap<String, Integer> before = HamokRemoteMap.create(grid.peer(restarted),
                    HamokRemoteMapConfig.<String, Integer>builder("watched").build());
            before.addListener(new MapListener<>() { });
            writeMany(writer, 0, 3_000);
            grid.peer(restarted).sync().get(30, TimeUnit.SECONDS);
            grid.stopPeer(restarted);
            writeMany(writer, 3_000, 1_000);

            grid.startPeer(restarted);
            HamokRemoteMap<String, Integer> after = HamokRemoteMap.create(grid.peer(restarted),
                    HamokRemoteMapConfig.<String, Integer>builder("watched").build());
            ValuesSeen<String, Integer> listener = new ValuesSeen<>();
            after.addListener(listener);
            List<Integer> seen = listener.values();
            writer.set("last", -1).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.contains(-1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(-1), seen, "only the write after the registration");
        }
    }

    /** {@code count} writes, many at a time, so that they take many entries but little time. */
    private static void writeMany(HamokRemoteMap<String, Integer> map, int from, int count) {
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            writes.add(map.set("k" + (i % 100), i));
            if (writes.size() == 8) {
                writes.forEach(CompletableFuture::join);
                writes.clear();
            }
        }
        writes.forEach(CompletableFuture::join);
    }
}
