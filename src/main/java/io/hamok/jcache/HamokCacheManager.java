package io.hamok.jcache;

import io.hamok.jcache.internal.Unwrap;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import io.hamok.codec.Codec;
import io.hamok.jcache.configuration.DeclaredCaches;
import io.hamok.jcache.configuration.GridSettings;
import io.hamok.jcache.configuration.HamokConfiguration;
import io.hamok.jcache.copy.JavaSerializationCodec;
import io.hamok.jcache.internal.SharedPeer;
import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;

/**
 * A JCache {@link CacheManager} that is one peer of a hamok grid. The grid peer is started from the
 * manager's {@link GridSettings} when the first cache is created and closed with the manager (managers
 * of this JVM that name the same peer share it). A cache named {@code n} is the map {@code jcache/n} of
 * the grid: every peer's cache of that name holds the same entries.
 */
public final class HamokCacheManager implements CacheManager {
    /** Prefix of the map id of every cache. */
    public static final String MAP_PREFIX = "jcache/";

    private final HamokCachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final GridSettings settings;
    private final DeclaredCaches declared;
    private final Map<String, HamokCache<?, ?>> caches = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<? super Cache<?, ?>>> cacheCreatedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private SharedPeer peer;
    private volatile boolean closed;

    /**
     * @throws IllegalArgumentException if a setting is invalid; the message names it
     */
    public HamokCacheManager(HamokCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        this.properties = Objects.requireNonNull(properties, "properties");
        Properties merged = GridSettings.merge(uri, provider.getDefaultURI(), classLoader, properties);
        this.settings = GridSettings.parse(merged);
        this.declared = DeclaredCaches.parse(merged, classLoader);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "hamok-jcache-loader-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The grid settings this manager runs with. */
    public GridSettings settings() {
        return settings;
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public synchronized <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        if (caches.containsKey(cacheName)) {
            throw new CacheException("cacheName : '" + cacheName + "' (expected: a name no cache of " + uri + " has)");
        }
        HamokConfiguration<K, V> copy = declared.apply(cacheName, configuration);
        if (copy.isNoEvents() && copy.getCacheEntryListenerConfigurations().iterator().hasNext()) {
            throw new IllegalArgumentException("cache '" + cacheName + "' : noEvents=true with cache entry listener "
                    + "configurations (expected: no listeners, or noEvents=false)");
        }
        // the effective near cache shows in the cache's configuration
        copy.setNearCache(copy.getNearCache() != null ? copy.getNearCache() : settings.nearCache());
        copy.setNearCacheMaxEntries(copy.getNearCacheMaxEntries() > 0 ? copy.getNearCacheMaxEntries() : settings.nearCacheMaxEntries());
        Duration timeout = copy.getRequestTimeout() == null ? settings.requestTimeout() : copy.getRequestTimeout();
        HamokRemoteMap<K, V> map = peer().openMap(mapConfig(cacheName, copy, timeout));
        HamokCache<K, V> cache;
        try {
            cache = new HamokCache<>(this, cacheName, copy, map, timeout, executor);
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
        caches.put(cacheName, cache);
        cache.registerBeans();
        cacheCreatedListeners.forEach(listener -> listener.accept(cache));
        return cache;
    }

    private <K, V> HamokRemoteMapConfig<K, V> mapConfig(String cacheName, HamokConfiguration<K, V> configuration,
                                                        Duration timeout) {
        HamokRemoteMapConfig.Builder<K, V> builder = HamokRemoteMapConfig.<K, V>builder(MAP_PREFIX + cacheName)
                .requestTimeout(timeout)
                .keyCodec(codec(configuration.getKeyCodec(), configuration.getKeyType()))
                .valueCodec(codec(configuration.getValueCodec(), configuration.getValueType()))
                .maxOutboundMessageKeys(configuration.getMaxOutboundMessageKeys())
                .maxOutboundMessageValues(configuration.getMaxOutboundMessageValues())
                .noEvents(configuration.isNoEvents())
                .nearCache(configuration.getNearCache() != null ? configuration.getNearCache() : settings.nearCache())
                .nearCacheMaxEntries(configuration.getNearCacheMaxEntries() > 0 ? configuration.getNearCacheMaxEntries()
                        : settings.nearCacheMaxEntries());
        if (configuration.getEqualValues() != null) {
            builder.equalValues(configuration.getEqualValues());
        }
        return builder.build();
    }

    private <T> Codec<T> codec(Codec<T> configured, Class<T> type) {
        return configured != null ? configured
                : new JavaSerializationCodec<>(classLoader, Set.of(type), settings.serializationAllow());
    }

    private SharedPeer peer() {
        if (peer == null) {
            peer = SharedPeer.acquire(settings, uri);
        }
        return peer;
    }

    @Override
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        HamokCache<?, ?> cache = caches.get(cacheName);
        if (cache == null && declared.covers(cacheName)) {
            cache = createDeclared(cacheName, declared.declaresTypes(cacheName) ? new MutableConfiguration<>()
                    : new MutableConfiguration<K, V>().setTypes(keyType, valueType));
        }
        if (cache == null) {
            return null;
        }
        Configuration<?, ?> configuration = cache.getConfiguration(Configuration.class);
        if (!keyType.equals(configuration.getKeyType())) {
            throw new ClassCastException("keyType : " + keyType.getName() + " (expected: "
                    + configuration.getKeyType().getName() + ", the key type of cache '" + cacheName + "')");
        }
        if (!valueType.equals(configuration.getValueType())) {
            throw new ClassCastException("valueType : " + valueType.getName() + " (expected: "
                    + configuration.getValueType().getName() + ", the value type of cache '" + cacheName + "')");
        }
        @SuppressWarnings("unchecked")
        Cache<K, V> typed = (Cache<K, V>) cache;
        return typed;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        HamokCache<?, ?> cache = caches.get(cacheName);
        if (cache == null && declared.covers(cacheName)) {
            cache = createDeclared(cacheName, new MutableConfiguration<>());
        }
        return (Cache<K, V>) cache;
    }

    /** A cache the configuration declares (or its {@code default} template covers), created on first use. */
    private synchronized HamokCache<?, ?> createDeclared(String cacheName, MutableConfiguration<?, ?> configuration) {
        HamokCache<?, ?> existing = caches.get(cacheName);
        return existing != null ? existing : (HamokCache<?, ?>) createCache(cacheName, configuration);
    }

    @Override
    public Iterable<String> getCacheNames() {
        requireOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    @Override
    public synchronized void destroyCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        HamokCache<?, ?> cache = caches.remove(cacheName);
        if (cache != null) {
            try {
                cache.clearForDestroy();
            } finally {
                cache.shutdown();
            }
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        HamokCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        HamokCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    /**
     * Calls {@code listener} with every cache of this manager: those that exist now, then each one as it is
     * created (on the creating thread). Meters use it to measure caches created on first use.
     */
    public synchronized void onCacheCreated(java.util.function.Consumer<? super Cache<?, ?>> listener) {
        Objects.requireNonNull(listener, "listener");
        caches.values().forEach(listener);
        cacheCreatedListeners.add(listener);
    }

    /** Forgets a cache closed by its owner. */
    void release(HamokCache<?, ?> cache) {
        caches.remove(cache.getName(), cache);
    }

    @Override
    public void close() {
        List<HamokCache<?, ?>> toClose;
        SharedPeer toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(caches.values());
            caches.clear();
            toRelease = peer;
            peer = null;
        }
        provider.release(this);
        RuntimeException failure = null;
        for (HamokCache<?, ?> cache : toClose) {
            try {
                cache.shutdown();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        executor.shutdown();
        if (toRelease != null) {
            try {
                toRelease.release();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type == io.hamok.raft.Grid.class) {
            requireOpen();
            return type.cast(peer().grid());
        }
        return Unwrap.self(this, type);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("cache manager " + uri + " is closed");
        }
    }

    @Override
    public String toString() {
        return "HamokCacheManager[" + uri + ", peer " + settings.localPeerId() + "]";
    }
}
