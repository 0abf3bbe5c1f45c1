package io.hamok.jcache.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/** A registered listener: its configuration, the listener and filter it created, and how to call them. */
final class Registration<K, V> {
    private final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final CacheEntryEventFilter<? super K, ? super V> filter;

    Registration(CacheEntryListenerConfiguration<K, V> configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.listener = Objects.requireNonNull(configuration.getCacheEntryListenerFactory(),
                "cacheEntryListenerFactory").create();
        Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory = configuration.getCacheEntryEventFilterFactory();
        this.filter = filterFactory == null ? null : filterFactory.create();
    }

    CacheEntryListenerConfiguration<K, V> configuration() {
        return configuration;
    }

    boolean synchronous() {
        return configuration.isSynchronous();
    }

    boolean oldValueRequired() {
        return configuration.isOldValueRequired();
    }

    /** True when the listener implements the interface for this event's type. */
    boolean wants(CacheEntryEvent<K, V> event) {
        return switch (event.getEventType()) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
    }

    /** Filters and delivers one event. */
    @SuppressWarnings("unchecked")
    void deliver(CacheEntryEvent<K, V> event) {
        if (!wants(event) || (filter != null && !filter.evaluate(event))) {
            return;
        }
        List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
        switch (event.getEventType()) {
            case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
            case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
            case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
            case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
        }
    }

    void close() {
        closeQuietly(listener);
        closeQuietly(filter);
    }

    private static void closeQuietly(Object resource) {
        if (resource instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException ignored) {
                // a listener that fails to close must not stop the cache from closing
            }
        }
    }
}
