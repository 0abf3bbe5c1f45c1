package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hamok.raft.Grid;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import io.hamok.testing.ValuesSeen;
import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The listener registration of a peer that died and does not come back expires after listenerExpiry
 * (3 s here): the grid stops publishing events for a map nobody else listens to. When the peer comes back
 * and listens again, its events flow again.
 */
class ListenerExpiryTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void deadPeersRegistration_expires_andComesBackWithThePeer() throws Exception {
        String store = "expiry-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(3, () -> MemoryStoreFactory.named(store),
                builder -> builder.listenerExpiry(Duration.ofSeconds(3)))) {
            int leader = grid.awaitLeaderIndex();
            int dying = grid.otherThan(leader).orElseThrow();
            HamokRemoteMap<String, Integer> listening = HamokRemoteMap.create(grid.peer(dying),
                    HamokRemoteMapConfig.<String, Integer>builder("expiring").build());
            listening.addListener(new MapListener<>() { });
            assertEquals(true, published(grid.peer(leader), "k0"), "a peer listens: the write's events are published");

            grid.stopPeer(dying);
            assertEquals(true, published(grid.peer(leader), "k1"), "right after the peer died, its registration holds");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean publishing = true;
            while (publishing && System.nanoTime() < deadline) {
                Thread.sleep(500);
                publishing = published(grid.peer(leader), "k2");
            }
            assertEquals(false, publishing, "after listenerExpiry nobody listens: no events are published");

            grid.startPeer(dying);
            HamokRemoteMap<String, Integer> back = HamokRemoteMap.create(grid.peer(dying),
                    HamokRemoteMapConfig.<String, Integer>builder("expiring").build());
            ValuesSeen<String, Integer> listener = new ValuesSeen<>();
            back.addListener(listener);
            List<Integer> seen = listener.values();
            HamokRemoteMap<String, Integer> writer = HamokRemoteMap.create(grid.peer(grid.awaitLeaderIndex()),
                    HamokRemoteMapConfig.<String, Integer>builder("expiring").build());
            writer.set("again", 7).join();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(7), seen, "the returning peer's listener gets events again");
        }
    }

    /** Writes a key through {@code grid} and tells whether its effects were published to listening peers. */
    private static boolean published(Grid grid, String key) throws Exception {
        CommandResult result = grid.submit(new MapWrite("expiring", new RawWrite[] {new RawWrite(
                key.getBytes(StandardCharsets.UTF_8), WriteKind.PUT, new byte[] {1}, Condition.ALWAYS, 0, Ttl.ETERNAL,
                Ttl.ETERNAL)}, false, false)).get(30, TimeUnit.SECONDS);
        return assertInstanceOf(CommandResult.Written.class, result).eventsPublished();
    }
}
