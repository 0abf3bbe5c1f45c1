package io.hamok.jcache.processor;

import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

import io.hamok.map.VersionedValue;

/**
 * The entry an {@code EntryProcessor} sees: a snapshot of the stored entry (or its absence) on the
 * calling peer. It records what the processor did; the cache then submits that outcome conditioned on
 * the snapshot's version, and runs the processor again if another write came first.
 */
public final class EntrySnapshot<K, V> implements MutableEntry<K, V> {
    /** What the processor did to the entry. */
    public enum Action { NONE, ACCESS, LOAD, CREATE, UPDATE, REMOVE }

    private final K key;
    private final VersionedValue<V> original;
    private final Function<K, V> loader;
    private V value;
    private Action action = Action.NONE;

    /**
     * @param key      the key
     * @param original the stored entry, or {@code null} when absent
     * @param loader   read-through loader, or {@code null}
     */
    public EntrySnapshot(K key, VersionedValue<V> original, Function<K, V> loader) {
        this.key = Objects.requireNonNull(key, "key");
        this.original = original;
        this.loader = loader;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        if (action == Action.NONE && original != null) {
            value = original.value();
            action = Action.ACCESS;
        } else if (value == null && action != Action.REMOVE && loader != null) {
            value = loader.apply(key);
            if (value != null) {
                action = Action.LOAD;
            }
        }
        return value;
    }

    @Override
    public boolean exists() {
        return (action == Action.NONE && original != null) || value != null;
    }

    @Override
    public void remove() {
        action = action == Action.CREATE || action == Action.LOAD ? (original == null ? Action.NONE : Action.REMOVE)
                : Action.REMOVE;
        value = null;
    }

    @Override
    public void setValue(V newValue) {
        Objects.requireNonNull(newValue, "value");
        action = original == null ? Action.CREATE : Action.UPDATE;
        value = newValue;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException("type : " + type + " (expected: nothing, a MutableEntry cannot be unwrapped)");
    }

    public Action action() {
        return action;
    }

    /** The value to store after CREATE, UPDATE or LOAD. */
    public V newValue() {
        return value;
    }

    /** The snapshot the processor ran on, or {@code null} when the entry was absent. */
    public VersionedValue<V> original() {
        return original;
    }
}
