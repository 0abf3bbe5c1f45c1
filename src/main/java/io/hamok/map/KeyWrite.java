package io.hamok.map;

import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import java.util.Objects;

/**
 * One conditional change of one key, executed atomically by the leader in log order.
 *
 * @param key             the key
 * @param kind            what to do
 * @param value           the new value for {@link WriteKind#PUT}, else {@code null}
 * @param condition       when it applies
 * @param expectedVersion the version required by {@link Condition#IF_VERSION} (ignored otherwise)
 * @param ttlOnCreate     {@link Ttl} used when the PUT creates the entry
 * @param ttlOnUpdate     {@link Ttl} used when the PUT updates the entry, or by TOUCH
 */
public record KeyWrite<K, V>(K key, WriteKind kind, V value, Condition condition, long expectedVersion,
                             long ttlOnCreate, long ttlOnUpdate) {
    public KeyWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(condition, "condition");
        if (kind == WriteKind.PUT) {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An unconditional, eternal put. */
    public static <K, V> KeyWrite<K, V> put(K key, V value) {
        return new KeyWrite<>(key, WriteKind.PUT, value, Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.UNCHANGED);
    }

    /** A put under a condition, eternal on create, deadline unchanged on update. */
    public static <K, V> KeyWrite<K, V> put(K key, V value, Condition condition, long expectedVersion) {
        return new KeyWrite<>(key, WriteKind.PUT, value, condition, expectedVersion, Ttl.ETERNAL, Ttl.UNCHANGED);
    }

    /** A delete under a condition. */
    public static <K, V> KeyWrite<K, V> delete(K key, Condition condition, long expectedVersion) {
        return new KeyWrite<>(key, WriteKind.DELETE, null, condition, expectedVersion, Ttl.UNCHANGED, Ttl.UNCHANGED);
    }

    /** This write with other time-to-live values. */
    public KeyWrite<K, V> withTtl(long onCreate, long onUpdate) {
        return new KeyWrite<>(key, kind, value, condition, expectedVersion, onCreate, onUpdate);
    }
}
