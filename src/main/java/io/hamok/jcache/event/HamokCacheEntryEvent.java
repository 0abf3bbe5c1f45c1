package io.hamok.jcache.event;

import io.hamok.jcache.internal.Unwrap;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/** One cache entry event as a listener sees it. */
final class HamokCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {
    private static final long serialVersionUID = 1L;

    private final K key;
    private final V value;
    private final V oldValue;
    private final boolean oldValueAvailable;

    HamokCacheEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
        super(source, type);
        this.key = key;
        this.value = value;
        this.oldValue = oldValue;
        this.oldValueAvailable = oldValueAvailable;
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
    public V getOldValue() {
        return oldValueAvailable ? oldValue : null;
    }

    @Override
    public boolean isOldValueAvailable() {
        return oldValueAvailable;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return Unwrap.self(this, type);
    }

    @Override
    public String toString() {
        return getEventType() + "[" + key + "=" + value + (oldValueAvailable ? ", old=" + oldValue : "") + "]";
    }
}
