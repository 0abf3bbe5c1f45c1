package io.hamok.raft.command;

import io.hamok.write.Condition;
import io.hamok.write.WriteKind;
import java.util.Objects;

/**
 * One conditional change of one encoded key (see {@code io.hamok.map.KeyWrite} for the meaning).
 *
 * @param key             encoded key
 * @param kind            what to do
 * @param value           encoded value for PUT, else {@code null}
 * @param condition       when it applies
 * @param expectedVersion version for {@link Condition#IF_VERSION}
 * @param ttlOnCreate     milliseconds, or a {@link io.hamok.write.Ttl} constant
 * @param ttlOnUpdate     milliseconds, or a {@link io.hamok.write.Ttl} constant
 */
public record RawWrite(byte[] key, WriteKind kind, byte[] value, Condition condition, long expectedVersion,
                       long ttlOnCreate, long ttlOnUpdate) {
    public RawWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(condition, "condition");
        if (kind == WriteKind.PUT && value == null) {
            throw new NullPointerException("value of a PUT");
        }
    }

    int estimatedBytes() {
        return 40 + key.length + (value == null ? 0 : value.length);
    }
}
