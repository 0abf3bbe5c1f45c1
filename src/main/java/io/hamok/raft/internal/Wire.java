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
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The wire form of log entries and replies: a version byte, then Kryo with every class registered
 * by a fixed id. Peers of different wire versions refuse each other's bytes clearly.
 */
final class Wire {
    static final byte VERSION = 2;
    private static final Pool<Kryo> KRYOS = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private Wire() {}

    private static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        BoundedSerializers.install(kryo);
        int id = 20;
        for (Class<?> type : new Class<?>[] {byte[].class, byte[][].class, String.class,
                Condition.class, WriteKind.class, EffectKind.class,
                RawWrite.class, RawWrite[].class, MapWrite.class, MapClear.class, Listen.class, Noop.class,
                Command[].class, CommandBatch.class,
                Effect.class, Effect[].class, MapEffects.class, MapEffects[].class, EffectsBatch.class,
                KeyOutcome.class, KeyOutcome[].class, CommandResult.Done.class, CommandResult.Written.class,
                CommandResult.Failed.class, CommandResult[].class, BatchReply.class, Genesis.class,
                MapEffectsBatch.class, MapEffectsBatch[].class, Listen[].class, String[].class, long[].class,
                SnapshotState.class}) {
            kryo.register(type, id++);
        }
        return kryo;
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

    static <T> T decode(ByteString bytes, Class<T> type) {
        if (bytes.isEmpty() || bytes.byteAt(0) != VERSION) {
            throw new CodecException("unreadable grid message: expected wire version " + VERSION + ", got "
                    + (bytes.isEmpty() ? "no bytes" : "version " + bytes.byteAt(0)));
        }
        Kryo kryo = KRYOS.obtain();
        try (Input input = new BoundedInput(bytes.toByteArray(), 1, bytes.size() - 1)) {
            Object value = kryo.readClassAndObject(input);
            if (!type.isInstance(value)) {
                throw new CodecException("unexpected grid message: expected a " + type.getSimpleName() + ", got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            return type.cast(value);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("corrupt grid message of " + bytes.size() + " bytes: " + e.getMessage(), e);
        } finally {
            KRYOS.free(kryo);
        }
    }
}
