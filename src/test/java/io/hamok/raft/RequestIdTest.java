package io.hamok.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.raft.command.RequestId;
import io.hamok.store.Bytes;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A command appended twice under one request id (a retry after its first copy was executed, through
 * the same leader or a new one) takes effect once: the store's fenced write records executed ids.
 */
class RequestIdTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @Test
    void submit_sameRequestIdAgain_evenThroughANewLeader_takesEffectOnce() throws Exception {
        String store = "request-ids-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(3, () -> MemoryStoreFactory.named(store))) {
            int leader = grid.awaitLeaderIndex();
            Grid follower = grid.peer(grid.otherThan(leader).orElseThrow());
            RequestId id = follower.newRequestId();

            assertInstanceOf(CommandResult.Written.class, submit(follower, put("first"), id));
            assertInstanceOf(CommandResult.Repeated.class, submit(follower, put("second"), id));
            assertValue(follower, "first");

            grid.stopPeer(leader);
            int next = grid.awaitLeaderIndex();
            Grid survivor = grid.peer(next);
            survivor.awaitLeader(TestGrid.LEADER_TIMEOUT);
            assertInstanceOf(CommandResult.Repeated.class, submit(survivor, put("third"), id),
                    "the new leader knows the id from the store");
            assertValue(survivor, "first");
            assertInstanceOf(CommandResult.Written.class, submit(survivor, put("fourth"), survivor.newRequestId()));
            assertValue(survivor, "fourth");
        }
    }

    private static MapWrite put(String value) {
        return new MapWrite("ids", new RawWrite[] {new RawWrite(KEY, WriteKind.PUT, value.getBytes(StandardCharsets.UTF_8),
                Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.ETERNAL)}, false, false);
    }

    private static CommandResult submit(Grid grid, MapWrite write, RequestId id) throws Exception {
        return grid.submit(write, id).get(30, TimeUnit.SECONDS);
    }

    private static void assertValue(Grid grid, String expected) throws Exception {
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8),
                grid.store("ids").get(Bytes.wrap(KEY)).get(10, TimeUnit.SECONDS).value());
    }
}
