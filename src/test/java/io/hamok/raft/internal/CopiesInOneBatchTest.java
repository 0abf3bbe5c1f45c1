package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.command.Command;
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
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two copies of one request in the batch a leader executes (after a failover, an old leader's entry and
 * the copy sent again through the new one): the second copy gets the first copy's result, also when
 * that changed nothing; "ran before" would tell its caller that a failed conditional write applied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopiesInOneBatchTest {
    private TestGrid grid;
    private RaftClient client;

    @BeforeAll
    void start() {
        String store = "copies-" + System.nanoTime();
        grid = TestGrid.start(3, () -> MemoryStoreFactory.named(store));
        client = HostileEntries.outsideClient(grid.peer(0).config());
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        grid.close();
    }

    @Test
    void aConditionalWriteThatFailed_failsForItsCopyToo() throws Exception {
        grid.peer(0).submit(new MapWrite("copies", new RawWrite[] {write("k1", "a", Condition.ALWAYS, 0)}, false, false))
                .get(30, TimeUnit.SECONDS);
        MapWrite stale = new MapWrite("copies", new RawWrite[] {write("k1", "b", Condition.IF_VERSION, 1)}, false, false);

        CommandResult[] results = appendTwice(stale, new RequestId(99, 1));

        assertFalse(applied(results[0]), "the version moved on: the write does not apply");
        assertFalse(applied(results[1]), "the copy gets the first copy's result, not 'ran before'");
        assertEquals(logIndex(results[0]), logIndex(results[1]));
        assertStored("k1", "a");
    }

    @Test
    void aWriteThatApplied_appliesOnce_andItsCopyGetsItsResult() throws Exception {
        MapWrite put = new MapWrite("copies", new RawWrite[] {write("k2", "once", Condition.IF_ABSENT, 0)}, false, false);

        CommandResult[] results = appendTwice(put, new RequestId(99, 2));

        assertTrue(applied(results[0]));
        assertTrue(applied(results[1]));
        assertEquals(logIndex(results[0]), logIndex(results[1]));
        assertStored("k2", "once");
    }

    /** Appends one entry holding {@code command} twice under {@code id}, and returns the two results. */
    private CommandResult[] appendTwice(Command command, RequestId id) throws Exception {
        CommandBatch batch = new CommandBatch(new Command[] {command, command}, new RequestId[] {id, id},
                new String[] {"stranger", "stranger"});
        RaftClientReply reply = client.async().send(Message.valueOf(Wire.encode(batch))).get(30, TimeUnit.SECONDS);
        assertTrue(reply.isSuccess(), "appended: " + reply);
        return Wire.decode(reply.getMessage().getContent(), BatchReply.class).results();
    }

    private void assertStored(String key, String value) throws Exception {
        assertArrayEquals(HostileEntries.utf8(value), grid.peer(0).store("copies").get(Bytes.wrap(HostileEntries.utf8(key)))
                .get(10, TimeUnit.SECONDS).value());
    }

    private static RawWrite write(String key, String value, Condition condition, long expectedVersion) {
        return new RawWrite(HostileEntries.utf8(key), WriteKind.PUT, HostileEntries.utf8(value), condition, expectedVersion,
                Ttl.ETERNAL, Ttl.ETERNAL);
    }

    private static boolean applied(CommandResult result) {
        return assertInstanceOf(CommandResult.Written.class, result).outcomes()[0].applied();
    }

    private static long logIndex(CommandResult result) {
        return assertInstanceOf(CommandResult.Written.class, result).logIndex();
    }
}
