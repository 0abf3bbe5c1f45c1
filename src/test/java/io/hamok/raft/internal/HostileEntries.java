package io.hamok.raft.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.hamok.raft.GridConfig;
import io.hamok.raft.command.RawWrite;
import io.hamok.raft.command.RequestId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;

/**
 * Crafts grid entries that our own records refuse to build (null elements, arrays nested in arrays),
 * in the wire's exact format: the wire's Kryo with twins of the checked records registered under
 * their ids. {@link #sameBytesAsWire()} shows the twins write what the real records write.
 */
final class HostileEntries {
    /** A {@code MapWrite} without its checks. */
    record LooseMapWrite(String mapId, RawWrite[] writes, boolean returnOld, boolean userStore, boolean blind) {}

    /** A {@code CommandBatch} whose commands may be anything. */
    record LooseBatch(Object[] commands, RequestId[] requestIds, String[] originPeers) {}

    private HostileEntries() {}

    private static Kryo kryo() {
        Kryo kryo = Wire.newKryo();
        kryo.setMaxDepth(Integer.MAX_VALUE);
        kryo.register(Object[].class, 32);
        kryo.register(LooseBatch.class, 33);
        kryo.register(LooseMapWrite.class, 28);
        return kryo;
    }

    /** The wire bytes of {@code message}, encoded on a thread with a deep stack (for nested arrays). */
    static Message encode(Object message) {
        AtomicReference<byte[]> bytes = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try (Output output = new Output(256, -1)) {
                output.writeByte(Wire.VERSION);
                kryo().writeClassAndObject(output, message);
                bytes.set(output.toBytes());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "hostile-encoder", 1L << 30);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (failure.get() != null) {
            throw new AssertionError("cannot craft the entry", failure.get());
        }
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes.get()));
    }

    /** A batch of one command from a made-up peer. */
    static LooseBatch batch(Object command) {
        return new LooseBatch(new Object[] {command}, new RequestId[] {new RequestId(42, 1)}, new String[] {"stranger"});
    }

    /** {@code Command[]} inside {@code Command[]}, {@code depth} times. */
    static Object nestedArrays(int depth) {
        Object inner = new Object[0];
        for (int i = 0; i < depth; i++) {
            inner = new Object[] {inner};
        }
        return inner;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A Ratis client of the grid under a random client id, as any process that reaches a peer's port has. */
    static RaftClient outsideClient(GridConfig config) {
        return outsideClient(config, RetryPolicies.retryUpToMaximumCountWithFixedSleep(50, TimeDuration.valueOf(100,
                java.util.concurrent.TimeUnit.MILLISECONDS)));
    }

    /** The same, with the given retry policy. */
    static RaftClient outsideClient(GridConfig config, org.apache.ratis.retry.RetryPolicy retry) {
        RaftGroup group = RaftGroup.valueOf(
                RaftGroupId.valueOf(UUID.nameUUIDFromBytes(config.groupId().getBytes(StandardCharsets.UTF_8))),
                config.peers().stream().map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build()).toList());
        return RaftClient.newBuilder()
                .setProperties(new RaftProperties())
                .setRaftGroup(group)
                .setRetryPolicy(retry)
                .build();
    }
}
