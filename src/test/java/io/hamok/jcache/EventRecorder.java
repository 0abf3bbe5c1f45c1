package io.hamok.jcache;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** A listener for every event type that records what it is told, for assertions. */
final class EventRecorder<K, V> implements CacheEntryCreatedListener<K, V>, CacheEntryUpdatedListener<K, V>,
        CacheEntryRemovedListener<K, V>, CacheEntryExpiredListener<K, V>, Serializable {
    private static final long serialVersionUID = 1L;

    /** One recorded event. */
    record Event(EventType type, Object key, Object value, Object oldValue, boolean oldValueAvailable) {
        static Event created(Object key, Object value) {
            return new Event(EventType.CREATED, key, value, null, false);
        }

        @Override
        public String toString() {
            return type + " " + key + "=" + value + (oldValueAvailable ? " (old " + oldValue + ")" : "");
        }
    }

    private final transient List<Event> events = new CopyOnWriteArrayList<>();

    /** A listener configuration (old values required) whose factory always gives this recorder. */
    MutableCacheEntryListenerConfiguration<K, V> configuration(boolean synchronous) {
        return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(this), null, true, synchronous);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Event> events(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    void clear() {
        events.clear();
    }

    private void record(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        for (CacheEntryEvent<? extends K, ? extends V> e : batch) {
            events.add(new Event(e.getEventType(), e.getKey(), e.getValue(),
                    e.isOldValueAvailable() ? e.getOldValue() : null, e.isOldValueAvailable()));
        }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }
}
