package io.hamok.raft.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.hamok.codec.BoundedInput;
import io.hamok.codec.BoundedSerializers;
import io.hamok.exceptions.CodecException;
import io.hamok.write.Condition;
import io.hamok.write.WriteKind;
import io.hamok.raft.command.Checkpoint;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.Effect;
import io.hamok.raft.command.EffectKind;
import io.hamok.raft.command.Genesis;
import io.hamok.raft.command.KeyOutcome;
import io.hamok.raft.command.Listen;
import io.hamok.raft.command.MapClear;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.Noop;
import io.hamok.raft.command.RawWrite;
import io.hamok.raft.command.RequestId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The wire form of log entries and replies: a version byte, then Kryo with every class registered
 * by a fixed id. Peers of different wire versions refuse each other's bytes clearly.
 */
final class Wire {
    static final byte VERSION = WireVersion.current();
    /** How deep a grid message may nest objects. */
    static final int MAX_DEPTH = 16;
    private static final Pool<Kryo> KRYOS = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private Wire() {}

    /** A Kryo with the wire's registrations (tests craft hostile entries with it). */
    static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        // The deepest message (an effects entry) nests 8 levels; deeper bytes are hostile, not a stack overflow.
        kryo.setMaxDepth(MAX_DEPTH);
        BoundedSerializers.install(kryo);
        // The ids are the format of the log, the snapshots and the events kept in the store: never reuse one.
        register(kryo, 20, byte[].class);
        register(kryo, 21, byte[][].class);
        register(kryo, 22, String.class);
        register(kryo, 23, Condition.class);
        register(kryo, 24, WriteKind.class);
        register(kryo, 25, EffectKind.class);
        register(kryo, 26, RawWrite.class);
        register(kryo, 27, RawWrite[].class);
        register(kryo, 28, MapWrite.class);
        register(kryo, 29, MapClear.class);
        register(kryo, 30, Listen.class);
        register(kryo, 31, Noop.class);
        register(kryo, 32, Command[].class);
        register(kryo, 33, CommandBatch.class);
        register(kryo, 34, Effect.class);
        register(kryo, 35, Effect[].class);
        register(kryo, 36, MapEffects.class);
        register(kryo, 37, MapEffects[].class);
        register(kryo, 38, EffectsBatch.class);
        register(kryo, 39, KeyOutcome.class);
        register(kryo, 40, KeyOutcome[].class);
        register(kryo, 41, CommandResult.Done.class);
        register(kryo, 42, CommandResult.Written.class);
        register(kryo, 43, CommandResult.Failed.class);
        register(kryo, 44, CommandResult[].class);
        register(kryo, 45, BatchReply.class);
        register(kryo, 46, Genesis.class);
        register(kryo, 47, MapEffectsBatch.class);
        register(kryo, 48, MapEffectsBatch[].class);
        register(kryo, 49, Listen[].class);
        register(kryo, 50, String[].class);
        register(kryo, 51, long[].class);
        register(kryo, 52, SnapshotState.class);
        register(kryo, 53, Checkpoint.class);
        register(kryo, 54, RequestId.class);
        register(kryo, 55, RequestId[].class);
        register(kryo, 56, CommandResult.Repeated.class);
        return kryo;
    }

    private static void register(Kryo kryo, int id, Class<?> type) {
        kryo.register(type, id);
    }

    static ByteString encode(Object message) {
        Kryo kryo = KRYOS.obtain();
        try (Output output = new Output(256, -1)) {
            output.writeByte(VERSION);
            kryo.writeClassAndObject(output, message);
            return UnsafeByteOperations.unsafeWrap(output.getBuffer(), 0, output.position());
        } finally {
            KRYOS.free(kryo);
        }
    }

    /** The first line of the error, and the innermost cause that says what was wrong. */
    private static String describe(Throwable error) {
        String text = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error || root.getMessage() == null ? text : text + ": " + root.getMessage();
    }

    static <T> T decode(ByteString bytes, Class<T> type) {
        if (bytes.isEmpty() || bytes.byteAt(0) != VERSION) {
            throw new CodecException("unreadable grid message: expected wire version " + VERSION + ", got "
                    + (bytes.isEmpty() ? "no bytes" : "version " + bytes.byteAt(0)));
        }
        Kryo kryo = KRYOS.obtain();
        boolean clean = false;
        try (Input input = new BoundedInput(bytes.toByteArray(), 1, bytes.size() - 1)) {
            Object value = kryo.readClassAndObject(input);
            clean = true;
            if (!type.isInstance(value)) {
                throw new CodecException("unexpected grid message: expected a " + type.getSimpleName() + ", got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            return type.cast(value);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new CodecException("corrupt grid message of " + bytes.size() + " bytes: " + describe(e), e);
        } finally {
            if (clean) {
                KRYOS.free(kryo);
            }
        }
    }
}
