package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.Grid;
import io.hamok.raft.command.Checkpoint;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.Effect;
import io.hamok.raft.command.EffectKind;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.raft.command.RequestId;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Entries nobody can decode or execute, appended with a real Ratis client to a real grid of three peers:
 * the sender gets a clear error, every peer keeps applying the entries that follow, and forged
 * entries that only the leader may append (effects, checkpoints) are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonEntryTest {
    private TestGrid grid;
    private RaftClient stranger;

    @BeforeAll
    void start() {
        String store = "poison-" + System.nanoTime();
        grid = TestGrid.start(3, () -> MemoryStoreFactory.named(store));
    }

    @BeforeEach
    void connect() {
        stranger = HostileEntries.outsideClient(grid.peer(0).config());
    }

    @AfterEach
    void disconnect() throws Exception {
        stranger.close();
    }

    @AfterAll
    void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void craftedEntries_haveTheWiresFormat() {
        RawWrite write = put("k", "v");
        Message crafted = HostileEntries.encode(HostileEntries.batch(new HostileEntries.LooseMapWrite("m", new RawWrite[] {write},
                false, false, false)));
        CommandBatch decoded = Wire.decode(crafted.getContent(), CommandBatch.class);
        MapWrite command = (MapWrite) decoded.commands()[0];
        assertEquals("m", command.mapId());
        assertArrayEquals(write.key(), command.writes()[0].key());
        assertEquals(new RequestId(42, 1), decoded.requestIds()[0]);
    }

    @Test
    void rawWriteArrayWithNullElement_isRefusedWithAClearError_andTheGridKeepsWorking() throws Exception {
        Message poison = HostileEntries.encode(HostileEntries.batch(new HostileEntries.LooseMapWrite("m",
                new RawWrite[] {put("k", "v"), null}, false, false, false)));

        String error = refusal(() -> stranger.async().send(poison).get(30, TimeUnit.SECONDS));

        assertTrue(error.contains("writes[1] : null"), error);
        assertEveryPeerWrites("after-null-element");
    }

    @Test
    void commandArrayNestedInCommandArray_isRefusedWithoutStackOverflow_andEveryPeerKeepsApplying() throws Exception {
        Message poison = HostileEntries.encode(HostileEntries.batch(HostileEntries.nestedArrays(20_000)));

        String error = refusal(() -> stranger.async().send(poison).get(30, TimeUnit.SECONDS));

        assertTrue(error.contains("corrupt grid message") && error.contains("Max depth exceeded"), error);
        String forwarded = forwardRefusal(poison);
        assertTrue(forwarded.contains("corrupt grid message") && forwarded.contains("Max depth exceeded"), forwarded);
        assertEveryPeerWrites("after-nested-arrays");
    }

    @Test
    void undecodableBytes_areRefusedWithAClearError() throws Exception {
        Message garbage = Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
                new byte[] {Wire.VERSION, 120, -1, -1, -1, 15, 3}));

        String error = refusal(() -> stranger.async().send(garbage).get(30, TimeUnit.SECONDS));

        assertTrue(error.contains("grid message"), error);
        assertEveryPeerWrites("after-garbage");
    }

    @Test
    void forgedEffectsEntryWithAHugeStoreIndex_isRefused_andTheMapKeepsItsEvents() throws Exception {
        Grid listening = grid.peer(1);
        List<Effect> received = new CopyOnWriteArrayList<>();
        listening.registerEffectsSink("watched", effects -> {
            received.addAll(List.of(effects));
            return null;
        });
        assertInstanceOf(CommandResult.Done.class, listening.listen("watched", true).get(30, TimeUnit.SECONDS));
        Message forged = Message.valueOf(Wire.encode(new EffectsBatch(new MapEffectsBatch[] {new MapEffectsBatch("watched",
                Long.MAX_VALUE / 2, new MapEffects[] {new MapEffects("watched", "stranger", 1,
                new Effect[] {new Effect(EffectKind.CLEAR, null, null, null)})})})));

        String error = refusal(() -> stranger.async().send(forged).get(30, TimeUnit.SECONDS));

        assertTrue(error.contains("effects entry comes only from the leader"), error);
        assertInstanceOf(CommandResult.Written.class, grid.peer(0).submit(write("watched", "k", "v")).get(30, TimeUnit.SECONDS));
        listening.sync().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, received.size(), "the insert reached the listening peer: " + received);
        assertEquals(EffectKind.INSERT, received.get(0).kind());
        assertTrue(received.stream().noneMatch(e -> e.kind() == EffectKind.CLEAR), "the forged clear was not delivered");
    }

    @Test
    void forgedCheckpoint_isRefused_appendedOrForwarded() throws Exception {
        Message forged = Message.valueOf(Wire.encode(new CommandBatch(new Command[] {new Checkpoint(1_000_000)},
                new RequestId[] {new RequestId(42, 2)}, new String[] {"stranger"})));

        String appended = refusal(() -> stranger.async().send(forged).get(30, TimeUnit.SECONDS));
        String forwarded = forwardRefusal(forged);

        assertTrue(appended.contains("Checkpoint comes only from the leader"), appended);
        assertTrue(forwarded.contains("Checkpoint comes only from the leader"), forwarded);
        assertEveryPeerWrites("after-checkpoint");
    }

    /** Every peer's write is executed, and every peer applies it (its sync completes). */
    private void assertEveryPeerWrites(String mapId) throws Exception {
        for (int i = 0; i < grid.size(); i++) {
            CommandResult result = grid.peer(i).submit(write(mapId, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            assertInstanceOf(CommandResult.Written.class, result, "peer " + i + ": " + result);
        }
        for (int i = 0; i < grid.size(); i++) {
            grid.peer(i).sync().get(30, TimeUnit.SECONDS);
            assertNotNull(grid.peer(i).store(mapId).get(io.hamok.store.Bytes.wrap(HostileEntries.utf8("k" + i)))
                    .get(10, TimeUnit.SECONDS), "peer " + i + "'s write is stored");
        }
    }

    private static MapWrite write(String mapId, String key, String value) {
        return new MapWrite(mapId, new RawWrite[] {put(key, value)}, false, false);
    }

    private static RawWrite put(String key, String value) {
        return new RawWrite(HostileEntries.utf8(key), WriteKind.PUT, HostileEntries.utf8(value), Condition.ALWAYS, 0,
                Ttl.ETERNAL, Ttl.ETERNAL);
    }

    /** What a batch sent the way followers forward theirs got: the leader's reply fails each command. */
    private String forwardRefusal(Message message) throws Exception {
        RaftClientReply reply = stranger.async().sendReadOnly(message).get(30, TimeUnit.SECONDS);
        assertTrue(reply.isSuccess(), "the leader answered: " + reply);
        BatchReply answer = Wire.decode(reply.getMessage().getContent(), BatchReply.class);
        CommandResult.Failed failed = assertInstanceOf(CommandResult.Failed.class, answer.results()[0]);
        assertTrue(!failed.committed() && failed.known(), "refused, not appended: " + failed);
        return failed.message();
    }

    /** The error a refused request got; fails if it succeeded. */
    private static String refusal(RaftClientReply reply) {
        assertTrue(!reply.isSuccess(), "refused, but the reply succeeded: " + reply);
        assertNotNull(reply.getException(), "the reply names its error");
        return String.valueOf(reply.getException());
    }

    private static String refusal(java.util.concurrent.Callable<RaftClientReply> call) {
        try {
            return refusal(call.call());
        } catch (Exception e) {
            return String.valueOf(e);
        }
    }
}
