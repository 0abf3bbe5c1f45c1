package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.CodecException;
import io.hamok.write.Condition;
import io.hamok.write.WriteKind;
import io.hamok.raft.command.Checkpoint;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.Listen;
import io.hamok.raft.command.Noop;
import io.hamok.raft.command.RequestId;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class WireTest {
    @Test
    void commandBatch_roundTrips() {
        RawWrite raw = new RawWrite(new byte[] {1, 2}, WriteKind.PUT, new byte[] {3}, Condition.IF_VERSION, 42, 100, -2);
        CommandBatch batch = new CommandBatch(new Command[] {new MapWrite("m", new RawWrite[] {raw}, true, false),
                new Listen("m", "p1", true)}, new RequestId[] {new RequestId(7, 1), new RequestId(7, 2)},
                new String[] {"p1", "p2"});
        CommandBatch decoded = Wire.decode(Wire.encode(batch), CommandBatch.class);
        assertEquals("p2", decoded.originPeers()[1]);
        RawWrite back = ((MapWrite) decoded.commands()[0]).writes()[0];
        assertArrayEquals(raw.key(), back.key());
        assertEquals(42, back.expectedVersion());
        assertEquals(new Listen("m", "p1", true), decoded.commands()[1]);
        assertEquals(new RequestId(7, 2), decoded.requestIds()[1]);
    }

    @Test
    void classIds_areStable_soOldLogsStayReadable() {
        CommandBatch batch = new CommandBatch(new Command[] {new Noop(), new Checkpoint(5)},
                new RequestId[] {new RequestId(1, 2), new RequestId(1, 3)}, new String[] {"p", "p"});
        // version 3; CommandBatch is class id 33 (Kryo writes id + 2); every id is pinned in Wire
        assertEquals("0323", java.util.HexFormat.of().formatHex(Wire.encode(batch).toByteArray(), 0, 2));
        assertEquals(batch.commands()[1], Wire.decode(Wire.encode(batch), CommandBatch.class).commands()[1]);
    }

    @Test
    void otherWireVersion_isRefusedClearly() {
        byte[] bytes = Wire.encode(new EffectsBatch(new MapEffectsBatch[0])).toByteArray();
        bytes[0] = 9;
        CodecException refused = assertThrows(CodecException.class, () -> Wire.decode(ByteString.copyFrom(bytes), LogEntry.class));
        assertTrue(refused.getMessage().contains("wire version"), refused.getMessage());
    }

    @Test
    void corruptBytes_giveACodecException() {
        byte[] bytes = {Wire.VERSION, 120, -3, 7, 7, 7};
        CodecException refused = assertThrows(CodecException.class, () -> Wire.decode(ByteString.copyFrom(bytes), LogEntry.class));
        assertTrue(refused.getMessage().contains("corrupt"), refused.getMessage());
    }
}
