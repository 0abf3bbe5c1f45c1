package io.hamok.jcache.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.MapListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the map's events into JCache listener calls. The map delivers the effects of this peer's own
 * calls before the call returns, so synchronous listeners are called inline; asynchronous ones are
 * called in order on one thread per cache. Events of other peers arrive in commit order.
 * The dispatcher listens to the map only while some listener is registered, so a cache without
 * listeners causes no event traffic.
 *
 * <p>A listener that throws is logged and skipped: it runs on a grid thread, after the change committed.
 *
 * <p>Asynchronous listeners' queue holds {@value #ASYNC_QUEUE} events per cache. When it is full, delivery
 * waits up to {@value #ASYNC_OVERFLOW_WAIT_SECONDS} s for room (on the map's listener thread, which the
 * grid stops waiting for after {@code listenerTimeout}); then the event is dropped and an error in the log
 * names the cache and counts the dropped events.
 */
public final class EventDispatcher<K, V> implements MapListener<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final Cache<K, V> source;
    private final HamokRemoteMap<K, V> map;
    private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();
    static final int ASYNC_QUEUE = 10_000;
    static final int ASYNC_OVERFLOW_WAIT_SECONDS = 10;

    private final ExecutorService async;
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private boolean attached;

    public EventDispatcher(Cache<K, V> source, HamokRemoteMap<K, V> map) {
        this(source, map, ASYNC_QUEUE, ASYNC_OVERFLOW_WAIT_SECONDS * 1000L);
    }

    EventDispatcher(Cache<K, V> source, HamokRemoteMap<K, V> map, int asyncQueue, long overflowWaitMillis) {
        this.source = source;
        this.map = map;
        this.async = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(asyncQueue), runnable -> {
            Thread thread = new Thread(runnable, "hamok-jcache-events-" + source.getName());
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> waitForRoom(task, executor, overflowWaitMillis));
    }

    /** A full queue: waits a while for room, then drops the event, and says so. */
    private void waitForRoom(Runnable task, java.util.concurrent.ThreadPoolExecutor executor, long waitMillis) {
        if (executor.isShutdown()) {
            throw new java.util.concurrent.RejectedExecutionException("closed");
        }
        try {
            if (executor.getQueue().offer(task, waitMillis, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("cache '{}': an asynchronous listener's queue stayed full ({} events); dropped {} events so far",
                source.getName(), executor.getQueue().size(), dropped.incrementAndGet());
    }

    /** How many events asynchronous listeners lost because their queue stayed full. */
    long droppedEvents() {
        return dropped.get();
    }

    /**
     * Registers a listener configuration.
     *
     * @throws IllegalArgumentException if it is already registered
     */
    public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration<K, V> registration : registrations) {
            if (registration.configuration().equals(configuration)) {
                throw new IllegalArgumentException("cacheEntryListenerConfiguration : " + configuration
                        + " (expected: one not registered yet)");
            }
        }
        registrations.add(new Registration<>(configuration));
        if (!attached) {
            map.addListener(this);
            attached = true;
        }
    }

    /** Deregisters a listener configuration; no-op when it is not registered. */
    public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration<K, V> registration : registrations) {
            if (registration.configuration().equals(configuration)) {
                registrations.remove(registration);
                registration.close();
            }
        }
        if (registrations.isEmpty() && attached) {
            map.removeListener(this);
            attached = false;
        }
    }

    /** Stops listening, lets queued asynchronous events finish, and closes every listener. */
    public synchronized void close() {
        if (attached && !map.isClosed()) {
            map.removeListener(this);
        }
        attached = false;
        async.shutdown();
        try {
            async.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registrations.forEach(Registration::close);
        registrations.clear();
    }

    @Override
    public void onInsert(K key, V value) {
        publish(EventType.CREATED, key, value, null);
    }

    @Override
    public void onUpdate(K key, V oldValue, V newValue) {
        publish(EventType.UPDATED, key, newValue, oldValue);
    }

    @Override
    public void onRemove(K key, V oldValue) {
        publish(EventType.REMOVED, key, oldValue, oldValue);
    }

    @Override
    public void onExpire(K key, V oldValue) {
        publish(EventType.EXPIRED, key, oldValue, oldValue);
    }

    private void publish(EventType type, K key, V value, V oldValue) {
        for (Registration<K, V> registration : registrations) {
            CacheEntryEvent<K, V> event = eventFor(registration, type, key, value, oldValue);
            if (!registration.wants(event)) {
                continue;
            }
            if (registration.synchronous()) {
                deliver(registration, event);
            } else {
                try {
                    async.execute(() -> deliver(registration, event));
                } catch (RuntimeException rejected) {
                    LOG.debug("cache closed, dropping event {}", event);
                }
            }
        }
    }

    private CacheEntryEvent<K, V> eventFor(Registration<K, V> registration, EventType type, K key, V value, V oldValue) {
        boolean withOld = registration.oldValueRequired();
        return switch (type) {
            case CREATED -> new HamokCacheEntryEvent<>(source, type, key, value, null, false);
            case UPDATED -> new HamokCacheEntryEvent<>(source, type, key, value, withOld ? oldValue : null, withOld);
            case REMOVED, EXPIRED -> new HamokCacheEntryEvent<>(source, type, key, withOld ? value : null,
                    withOld ? oldValue : null, withOld);
        };
    }

    private static <K, V> void deliver(Registration<K, V> registration, CacheEntryEvent<K, V> event) {
        try {
            registration.deliver(event);
        } catch (Throwable t) {
            LOG.warn("cache entry listener failed on {}", event, t);
        }
    }
}
