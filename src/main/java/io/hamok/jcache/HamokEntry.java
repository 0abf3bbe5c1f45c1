package io.hamok.jcache;

import io.hamok.jcache.internal.Unwrap;
import java.util.Map;
import java.util.Objects;
import javax.cache.Cache;

/** A key and value read from a {@link HamokCache}. */
public final class HamokEntry<K, V> implements Cache.Entry<K, V> {
    private final K key;
    private final V value;

    HamokEntry(K key, V value) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.self(this, type);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cache.Entry<?, ?> that && key.equals(that.getKey()) && value.equals(that.getValue());
    }

    @Override
    public int hashCode() {
        return Map.entry(key, value).hashCode();
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
