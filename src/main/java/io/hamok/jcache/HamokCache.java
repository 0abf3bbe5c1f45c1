package io.hamok.jcache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.management.CacheMXBean;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

import io.hamok.jcache.configuration.HamokConfiguration;
import io.hamok.jcache.event.EventDispatcher;
import io.hamok.jcache.expiry.ExpiryCalculator;
import io.hamok.jcache.integration.LoaderAdapter;
import io.hamok.jcache.integration.WriterAdapter;
import io.hamok.jcache.internal.Await;
import io.hamok.jcache.internal.Retry;
import io.hamok.jcache.management.CacheConfigurationBean;
import io.hamok.jcache.management.CacheStatistics;
import io.hamok.jcache.management.JmxRegistration;
import io.hamok.jcache.processor.EntrySnapshot;
import io.hamok.jcache.processor.ProcessorResult;
import io.hamok.map.HamokRemoteMap;
import io.hamok.map.KeyWrite;
import io.hamok.map.VersionedValue;
import io.hamok.map.WriteResult;
import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;

/**
 * A JCache {@link Cache} over a {@link HamokRemoteMap}: every peer that opens a cache of this name sees
 * the same entries. Conditions on existence are single commands; conditions on values
 * ({@code replace(k, old, new)}, {@code remove(k, v)}, {@code invoke}) are checked on this peer and
 * submitted conditioned on the entry's version, retried when another write came first. Loader, writer,
 * expiry policy and entry processors run on this peer; statistics are this peer's.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class HamokCache<K, V> implements Cache<K, V> {
    private final HamokCacheManager manager;
    private final String name;
    private final HamokConfiguration<K, V> configuration;
    private final HamokRemoteMap<K, V> map;
    private final Duration timeout;
    private final BiPredicate<V, V> equalValues;
    private final ExpiryCalculator expiry;
    private final LoaderAdapter<K, V> loader;
    private final WriterAdapter<K, V> writer;
    private final EventDispatcher<K, V> dispatcher;
    private final CacheStatistics statistics = new CacheStatistics();
    private final CacheConfigurationBean configurationBean;
    private final Executor executor;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    HamokCache(HamokCacheManager manager, String name, HamokConfiguration<K, V> configuration, HamokRemoteMap<K, V> map,
               Duration timeout, Executor executor) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.map = map;
        this.timeout = timeout;
        this.executor = executor;
        this.equalValues = configuration.getEqualValues() == null ? Objects::equals : configuration.getEqualValues();
        this.expiry = new ExpiryCalculator(configuration.getExpiryPolicyFactory() == null ? null
                : configuration.getExpiryPolicyFactory().create());
        this.loader = configuration.getCacheLoaderFactory() == null ? null
                : new LoaderAdapter<>((javax.cache.integration.CacheLoader<K, V>) configuration.getCacheLoaderFactory().create());
        this.writer = configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
                ? new WriterAdapter<>(configuration.getCacheWriterFactory().create()) : null;
        this.dispatcher = configuration.isNoEvents() ? null : new EventDispatcher<>(this, map);
        this.configurationBean = new CacheConfigurationBean(() -> this.configuration);
        if (dispatcher != null) {
            for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
                dispatcher.register(listener);
            }
        }
        statistics.setEnabled(configuration.isStatisticsEnabled());
    }

    /** Registers the MXBeans the configuration asks for; called once the cache is reachable by name. */
    void registerBeans() {
        if (configuration.isManagementEnabled()) {
            JmxRegistration.register(this, JmxRegistration.Kind.CONFIGURATION, configurationBean, CacheMXBean.class);
        }
        if (configuration.isStatisticsEnabled()) {
            JmxRegistration.register(this, JmxRegistration.Kind.STATISTICS, statistics, CacheStatisticsMXBean.class);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        VersionedValue<V> current = read(key);
        if (current != null) {
            statistics.recordHits(1);
            touch(List.of(Map.entry(key, current)));
            statistics.recordGetTime(start);
            return current.value();
        }
        statistics.recordMisses(1);
        V loaded = null;
        if (readThrough()) {
            loaded = loader.load(key);
            if (loaded != null) {
                storeLoaded(Map.of(key, loaded));
            }
        }
        statistics.recordGetTime(start);
        return loaded;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNulls(keys, "keys");
        long start = statistics.start();
        Map<K, VersionedValue<V>> found = await(map.getEntries(keys), "getAll");
        Map<K, V> result = new LinkedHashMap<>();
        List<Map.Entry<K, VersionedValue<V>>> hits = new ArrayList<>();
        Set<K> missing = new LinkedHashSet<>();
        for (K key : keys) {
            VersionedValue<V> entry = found.get(key);
            if (entry == null) {
                missing.add(key);
            } else {
                result.put(key, entry.value());
                hits.add(Map.entry(key, entry));
            }
        }
        statistics.recordHits(hits.size());
        statistics.recordMisses(missing.size());
        touch(hits);
        if (readThrough() && !missing.isEmpty()) {
            Map<K, V> loaded = loader.loadAll(missing);
            storeLoaded(loaded);
            result.putAll(loaded);
        }
        statistics.recordGetTime(start);
        return result;
    }

    @Override
    public boolean containsKey(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return read(key) != null;
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
        requireOpen();
        requireNoNulls(keys, "keys");
        CompletionListener listener = completionListener == null ? NoCompletionListener.INSTANCE : completionListener;
        if (loader == null) {
            listener.onCompletion();
            return;
        }
        Set<K> requested = new LinkedHashSet<>(keys);
        executor.execute(() -> {
            try {
                Set<K> toLoad = new LinkedHashSet<>(requested);
                if (!replaceExistingValues) {
                    toLoad.removeAll(await(map.getEntries(requested), "loadAll").keySet());
                }
                Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
                if (replaceExistingValues) {
                    storeValues(loaded);
                } else {
                    storeLoaded(loaded);
                }
                listener.onCompletion();
            } catch (Exception e) {
                listener.onException(e);
            }
        });
    }

    @Override
    public Iterator<Entry<K, V>> iterator() {
        requireOpen();
        return new EntryIterator(map.iterator());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        long start = statistics.start();
        if (writer != null) {
            writer.write(key, value);
        }
        if (putValue(key, value, false).stored()) {
            statistics.recordPuts(1);
            statistics.recordPutTime(start);
        }
    }

    @Override
    public V getAndPut(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        long start = statistics.start();
        if (writer != null) {
            writer.write(key, value);
        }
        PutOutcome<V> outcome = putValue(key, value, true);
        if (outcome.existed()) {
            statistics.recordHits(1);
        } else {
            statistics.recordMisses(1);
        }
        statistics.recordGetTime(start);
        if (outcome.stored()) {
            statistics.recordPuts(1);
            statistics.recordPutTime(start);
        }
        return outcome.oldValue();
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        requireOpen();
        Objects.requireNonNull(entries, "entries");
        entries.forEach(this::requireTypes);
        long start = statistics.start();
        Map<K, V> toStore = new LinkedHashMap<>(entries);
        CacheWriterException failure = null;
        if (writer != null) {
            WriterAdapter.Outcome<K> outcome = writer.writeAll(toStore);
            toStore.keySet().retainAll(outcome.done());
            failure = outcome.failure();
        }
        int stored = storeValues(toStore);
        statistics.recordPuts(stored);
        if (stored > 0) {
            statistics.recordPutTime(start);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        long start = statistics.start();
        if ((writer != null || !expiry.pure()) && read(key) != null) {
            statistics.recordHits(1);
            return false;
        }
        long ttl = expiry.creation();
        if (writer != null) {
            writer.write(key, value);
        }
        WriteResult<V> result = ttl == 0 && !expiry.pure() ? null
                : write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_ABSENT, 0, ttl, Ttl.UNCHANGED), false);
        boolean applied = result == null || (result.applied() && !result.existed());
        if (applied) {
            statistics.recordMisses(1);
            if (ttl != 0) {
                statistics.recordPuts(1);
                statistics.recordPutTime(start);
            }
        } else {
            statistics.recordHits(1);
        }
        return applied;
    }

    @Override
    public boolean remove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        if (writer != null) {
            writer.delete(key);
        }
        WriteResult<V> result = write(KeyWrite.delete(key, Condition.ALWAYS, 0), false);
        boolean removed = result.applied() && result.existed();
        if (removed) {
            statistics.recordRemovals(1);
            statistics.recordRemoveTime(start);
        }
        return removed;
    }

    @Override
    public boolean remove(K key, V oldValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        long start = statistics.start();
        return writeIfValueEquals(key, oldValue, "remove(key, oldValue)", start,
                current -> KeyWrite.delete(key, Condition.IF_VERSION, current.version()),
                () -> {
                    if (writer != null) {
                        writer.delete(key);
                    }
                },
                () -> {
                    statistics.recordRemovals(1);
                    statistics.recordRemoveTime(start);
                });
    }

    /**
     * The read, compare-with-{@code equalValues}, version-conditioned write loop of {@code remove(k, v)}
     * and {@code replace(k, old, new)}; retries while other peers move the version. True if written.
     */
    private boolean writeIfValueEquals(K key, V expected, String operation, long start,
                                       java.util.function.Function<VersionedValue<V>, KeyWrite<K, V>> change,
                                       Runnable writeThrough, Runnable recordChange) {
        for (Retry retry = new Retry(timeout); retry.again(); ) {
            VersionedValue<V> current = read(key);
            if (current == null) {
                statistics.recordMisses(1);
                statistics.recordGetTime(start);
                return false;
            }
            if (!equalValues.test(current.value(), expected)) {
                statistics.recordHits(1);
                statistics.recordGetTime(start);
                touch(List.of(Map.entry(key, current)));
                return false;
            }
            KeyWrite<K, V> write = change.apply(current);
            writeThrough.run();
            if (write(write, false).applied()) {
                statistics.recordHits(1);
                statistics.recordGetTime(start);
                recordChange.run();
                return true;
            }
        }
        throw contention(operation, key);
    }

    @Override
    public V getAndRemove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        if (writer != null) {
            writer.delete(key);
        }
        WriteResult<V> result = write(KeyWrite.delete(key, Condition.ALWAYS, 0), true);
        statistics.recordGetTime(start);
        if (result.applied() && result.existed()) {
            statistics.recordHits(1);
            statistics.recordRemovals(1);
            statistics.recordRemoveTime(start);
            return result.oldValue();
        }
        statistics.recordMisses(1);
        return null;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        requireOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        requireTypes(key, newValue);
        requireType(configuration.getValueType(), oldValue, "oldValue");
        long start = statistics.start();
        return writeIfValueEquals(key, oldValue, "replace(key, oldValue, newValue)", start,
                current -> new KeyWrite<>(key, WriteKind.PUT, newValue, Condition.IF_VERSION, current.version(),
                        Ttl.ETERNAL, expiry.update()),
                () -> {
                    if (writer != null) {
                        writer.write(key, newValue);
                    }
                },
                () -> {
                    statistics.recordPuts(1);
                    statistics.recordPutTime(start);
                });
    }

    @Override
    public boolean replace(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        long start = statistics.start();
        boolean replaced = replaceValue(key, value, false) != null;
        statistics.recordGetTime(start);
        if (replaced) {
            statistics.recordHits(1);
            statistics.recordPuts(1);
            statistics.recordPutTime(start);
        } else {
            statistics.recordMisses(1);
        }
        return replaced;
    }

    @Override
    public V getAndReplace(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        long start = statistics.start();
        WriteResult<V> result = replaceValue(key, value, true);
        statistics.recordGetTime(start);
        if (result != null) {
            statistics.recordHits(1);
            statistics.recordPuts(1);
            statistics.recordPutTime(start);
            return result.oldValue();
        }
        statistics.recordMisses(1);
        return null;
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNulls(keys, "keys");
        removeKeys(new LinkedHashSet<>(keys));
    }

    @Override
    public void removeAll() {
        requireOpen();
        removeKeys(new LinkedHashSet<>(await(map.keys(), "removeAll")));
    }

    @Override
    public void clear() {
        requireOpen();
        await(map.clear(), "clear");
    }

    // ---------------------------------------------------------------- entry processors

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        long start = statistics.start();
        for (Retry retry = new Retry(timeout); retry.again(); ) {
            VersionedValue<V> current = read(key);
            if (retry.first()) {
                if (current == null) {
                    statistics.recordMisses(1);
                } else {
                    statistics.recordHits(1);
                }
                statistics.recordGetTime(start);
            }
            Function<K, V> load = readThrough() ? loader::load : null;
            EntrySnapshot<K, V> entry = new EntrySnapshot<>(key, current, load);
            T result;
            try {
                result = entryProcessor.process(entry, arguments);
            } catch (CacheException e) {
                throw e;
            } catch (Throwable t) {
                throw new EntryProcessorException(t);
            }
            if (apply(entry, start)) {
                return result;
            }
        }
        throw contention("invoke", key);
    }

    /** Submits what the processor did; false when the entry changed since the snapshot. */
    private boolean apply(EntrySnapshot<K, V> entry, long start) {
        K key = entry.getKey();
        VersionedValue<V> original = entry.original();
        switch (entry.action()) {
            case NONE -> {
                return true;
            }
            case ACCESS -> {
                touch(List.of(Map.entry(key, original)));
                return true;
            }
            case LOAD -> {
                storeLoaded(Map.of(key, entry.newValue()));
                return true;
            }
            case CREATE -> {
                requireType(configuration.getValueType(), entry.newValue(), "value");
                if (writer != null) {
                    writer.write(key, entry.newValue());
                }
                long ttl = expiry.creation();
                if (ttl == 0) {
                    return true;
                }
                KeyWrite<K, V> create = new KeyWrite<>(key, WriteKind.PUT, entry.newValue(), Condition.IF_ABSENT, 0, ttl,
                        Ttl.UNCHANGED);
                WriteResult<V> result = write(create, false);
                if (!result.applied() || result.existed()) {
                    return false;
                }
                statistics.recordPuts(1);
                statistics.recordPutTime(start);
                return true;
            }
            case UPDATE -> {
                requireType(configuration.getValueType(), entry.newValue(), "value");
                if (writer != null) {
                    writer.write(key, entry.newValue());
                }
                long ttl = expiry.update();
                KeyWrite<K, V> update = new KeyWrite<>(key, WriteKind.PUT, entry.newValue(), Condition.IF_VERSION,
                        original.version(), Ttl.ETERNAL, ttl);
                if (!write(update, false).applied()) {
                    return false;
                }
                statistics.recordPuts(1);
                statistics.recordPutTime(start);
                return true;
            }
            case REMOVE -> {
                if (writer != null) {
                    writer.delete(key);
                }
                if (original != null
                        && !write(KeyWrite.delete(key, Condition.IF_VERSION, original.version()), false).applied()) {
                    return false;
                }
                statistics.recordRemovals(1);
                statistics.recordRemoveTime(start);
                return true;
            }
            default -> throw new IllegalStateException("action : " + entry.action());
        }
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
                                                         Object... arguments) {
        requireOpen();
        requireNoNulls(keys, "keys");
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, entryProcessor, arguments);
                if (result != null) {
                    results.put(key, ProcessorResult.of(result));
                }
            } catch (Exception e) {
                results.put(key, ProcessorResult.failed(e));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- lifecycle and metadata

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        manager.release(this);
        shutdown();
    }

    /** Closes without telling the manager (the manager is closing or destroying this cache). */
    void shutdown() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        RuntimeException failure = null;
        try {
            JmxRegistration.unregister(this, JmxRegistration.Kind.CONFIGURATION);
            JmxRegistration.unregister(this, JmxRegistration.Kind.STATISTICS);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        try {
            map.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        if (loader != null) {
            loader.close();
        }
        if (writer != null) {
            writer.close();
        }
        expiry.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** Removes every entry (no events, no writer), for {@code destroyCache}. */
    void clearForDestroy() {
        if (!closed) {
            await(map.clear(), "destroyCache");
        }
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        if (type.isInstance(configuration)) {
            return type.cast(configuration);
        }
        throw new IllegalArgumentException("type : " + type + " (expected: a supertype of " + HamokConfiguration.class.getName() + ")");
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type.isInstance(map)) {
            return type.cast(map);
        }
        throw new IllegalArgumentException("type : " + type + " (expected: HamokCache or HamokRemoteMap)");
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
        if (dispatcher == null) {
            throw new IllegalStateException("cache '" + name + "' is configured with noEvents=true (expected: "
                    + "noEvents=false to register a cache entry listener)");
        }
        configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        try {
            dispatcher.register(listenerConfiguration);
        } catch (RuntimeException e) {
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
            throw e;
        }
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        if (dispatcher != null) {
            dispatcher.deregister(listenerConfiguration);
        }
    }

    /** Turns statistics on or off, registering or unregistering the statistics MXBean. */
    void setStatisticsEnabled(boolean enabled) {
        configuration.setStatisticsEnabled(enabled);
        statistics.setEnabled(enabled);
        if (enabled) {
            JmxRegistration.register(this, JmxRegistration.Kind.STATISTICS, statistics, CacheStatisticsMXBean.class);
        } else {
            JmxRegistration.unregister(this, JmxRegistration.Kind.STATISTICS);
        }
    }

    /** Turns management on or off, registering or unregistering the configuration MXBean. */
    void setManagementEnabled(boolean enabled) {
        configuration.setManagementEnabled(enabled);
        if (enabled) {
            JmxRegistration.register(this, JmxRegistration.Kind.CONFIGURATION, configurationBean, CacheMXBean.class);
        } else {
            JmxRegistration.unregister(this, JmxRegistration.Kind.CONFIGURATION);
        }
    }

    /** This peer's statistics of the cache. */
    public CacheStatisticsMXBean statistics() {
        return statistics;
    }

    @Override
    public String toString() {
        return "HamokCache[" + name + "]";
    }

    // ---------------------------------------------------------------- internals

    private record PutOutcome<V>(boolean existed, V oldValue, boolean stored) {}

    /** Stores the value, asking the expiry policy for exactly the create or update duration. */
    private PutOutcome<V> putValue(K key, V value, boolean returnOld) {
        if (expiry.pure()) {
            long onCreate = expiry.eternal() ? Ttl.ETERNAL : expiry.creation();
            KeyWrite<K, V> put = new KeyWrite<>(key, WriteKind.PUT, value, Condition.ALWAYS, 0, onCreate, putUpdateTtl());
            WriteResult<V> result = returnOld ? write(put, true) : await(map.writeBlind(List.of(put)), "put").get(0);
            return new PutOutcome<>(result.existed(), result.oldValue(), result.existed() || onCreate != 0);
        }
        for (Retry retry = new Retry(timeout); retry.again(); ) {
            VersionedValue<V> current = read(key);
            if (current == null) {
                long ttl = expiry.creation();
                if (ttl == 0) {
                    return new PutOutcome<>(false, null, false);
                }
                WriteResult<V> result = write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_ABSENT, 0, ttl,
                        Ttl.UNCHANGED), false);
                if (result.applied() && !result.existed()) {
                    return new PutOutcome<>(false, null, true);
                }
            } else {
                long ttl = expiry.update();
                WriteResult<V> result = write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_VERSION,
                        current.version(), Ttl.ETERNAL, ttl), false);
                if (result.applied()) {
                    return new PutOutcome<>(true, current.value(), true);
                }
            }
        }
        throw contention("put", key);
    }

    /**
     * The TTL a put gives an existing entry. In an eternal cache every entry is eternal, so "eternal"
     * equals "unchanged" there, and saying eternal makes a put independent of what is stored: the leader
     * can store a blind put without reading the key ({@link HamokRemoteMap#writeBlind}).
     */
    private long putUpdateTtl() {
        return expiry.eternal() ? Ttl.ETERNAL : expiry.update();
    }

    /** Stores many values (puts without writer); returns how many were stored. */
    private int storeValues(Map<K, V> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        if (!expiry.pure()) {
            int stored = 0;
            for (Map.Entry<K, V> entry : entries.entrySet()) {
                stored += putValue(entry.getKey(), entry.getValue(), false).stored() ? 1 : 0;
            }
            return stored;
        }
        long onCreate = expiry.eternal() ? Ttl.ETERNAL : expiry.creation();
        long onUpdate = putUpdateTtl();
        List<KeyWrite<K, V>> writes = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> writes.add(new KeyWrite<>(key, WriteKind.PUT, value, Condition.ALWAYS, 0,
                onCreate, onUpdate)));
        int stored = 0;
        for (WriteResult<V> result : await(map.writeBlind(writes), "putAll")) {
            stored += result.existed() || onCreate != 0 ? 1 : 0;
        }
        return stored;
    }

    /** Stores loaded values where the key is absent; loads are not counted as puts. */
    private void storeLoaded(Map<K, V> loaded) {
        if (loaded.isEmpty()) {
            return;
        }
        List<KeyWrite<K, V>> writes = new ArrayList<>(loaded.size());
        loaded.forEach((key, value) -> {
            requireType(configuration.getKeyType(), key, "key");
            requireType(configuration.getValueType(), value, "value");
            long ttl = expiry.creation();
            if (ttl != 0) {
                writes.add(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_ABSENT, 0, ttl, Ttl.UNCHANGED));
            }
        });
        if (!writes.isEmpty()) {
            write(writes, false);
        }
    }

    /** Replaces a present entry; the result, or {@code null} when absent. */
    private WriteResult<V> replaceValue(K key, V value, boolean returnOld) {
        if (writer == null && expiry.pure()) {
            long ttl = expiry.eternal() ? Ttl.UNCHANGED : expiry.update();
            WriteResult<V> result = write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_PRESENT, 0, Ttl.ETERNAL, ttl),
                    returnOld);
            return result.applied() ? result : null;
        }
        for (Retry retry = new Retry(timeout); retry.again(); ) {
            VersionedValue<V> current = read(key);
            if (current == null) {
                return null;
            }
            long ttl = expiry.update();
            if (writer != null) {
                writer.write(key, value);
            }
            WriteResult<V> result = write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_VERSION,
                    current.version(), Ttl.ETERNAL, ttl), false);
            if (result.applied()) {
                return new WriteResult<>(true, true, current.value(), result.version());
            }
        }
        throw contention("replace", key);
    }

    private void removeKeys(Set<K> keys) {
        long start = statistics.start();
        CacheWriterException failure = null;
        if (writer != null && !keys.isEmpty()) {
            WriterAdapter.Outcome<K> outcome = writer.deleteAll(keys);
            keys.retainAll(outcome.done());
            failure = outcome.failure();
        }
        if (!keys.isEmpty()) {
            List<KeyWrite<K, V>> deletes = new ArrayList<>(keys.size());
            keys.forEach(key -> deletes.add(KeyWrite.delete(key, Condition.ALWAYS, 0)));
            int removed = 0;
            for (WriteResult<V> result : write(deletes, false)) {
                removed += result.applied() && result.existed() ? 1 : 0;
            }
            statistics.recordRemovals(removed);
            if (removed > 0) {
                statistics.recordRemoveTime(start);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Applies the expiry policy's access duration to entries just read. */
    private void touch(List<Map.Entry<K, VersionedValue<V>>> entries) {
        if (expiry.eternal() || entries.isEmpty()) {
            return;
        }
        List<KeyWrite<K, V>> touches = new ArrayList<>();
        for (Map.Entry<K, VersionedValue<V>> entry : entries) {
            long ttl = expiry.access();
            if (ttl != Ttl.UNCHANGED) {
                touches.add(new KeyWrite<>(entry.getKey(), WriteKind.TOUCH, null, Condition.IF_VERSION,
                        entry.getValue().version(), Ttl.UNCHANGED, ttl));
            }
        }
        if (!touches.isEmpty()) {
            write(touches, false);
        }
    }

    private VersionedValue<V> read(K key) {
        return await(map.getEntry(key), "get");
    }

    private WriteResult<V> write(KeyWrite<K, V> write, boolean returnOld) {
        return write(List.of(write), returnOld).get(0);
    }

    private List<WriteResult<V>> write(List<KeyWrite<K, V>> writes, boolean returnOld) {
        return await(map.write(writes, returnOld), "write");
    }

    private <T> T await(CompletableFuture<T> future, String operation) {
        return Await.await(future, timeout, operation + " on cache '" + name + "'");
    }

    private boolean readThrough() {
        return loader != null && configuration.isReadThrough();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("cache '" + name + "' is closed");
        }
    }

    private void requireTypes(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        requireType(configuration.getKeyType(), key, "key");
        requireType(configuration.getValueType(), value, "value");
    }

    private static void requireType(Class<?> type, Object value, String what) {
        if (type != null && type != Object.class && value != null && !type.isInstance(value)) {
            throw new ClassCastException(what + " : " + value + " of " + value.getClass().getName()
                    + " (expected: a " + type.getName() + ")");
        }
    }

    private static void requireNoNulls(Collection<?> keys, String what) {
        Objects.requireNonNull(keys, what);
        for (Object key : keys) {
            if (key == null) {
                throw new NullPointerException(what + " : " + keys + " (expected: no null key)");
            }
        }
    }

    private CacheException contention(String operation, K key) {
        return new CacheException(operation + " on cache '" + name + "' for key " + key + " lost to concurrent writes "
                + "for " + timeout.toMillis() + " ms (the request timeout); try again");
    }

    /** Iterates the entries as the store holds them, counting hits and applying access expiry. */
    private final class EntryIterator implements Iterator<Entry<K, V>> {
        private final Iterator<Map.Entry<K, V>> entries;
        private Entry<K, V> last;

        EntryIterator(Iterator<Map.Entry<K, V>> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            requireOpen();
            return entries.hasNext();
        }

        @Override
        public Entry<K, V> next() {
            requireOpen();
            if (!entries.hasNext()) {
                throw new NoSuchElementException();
            }
            long start = statistics.start();
            Map.Entry<K, V> entry = entries.next();
            statistics.recordHits(1);
            if (!expiry.eternal()) {
                long ttl = expiry.access();
                if (ttl != Ttl.UNCHANGED) {
                    write(new KeyWrite<>(entry.getKey(), WriteKind.TOUCH, null, Condition.IF_PRESENT, 0, Ttl.UNCHANGED, ttl),
                            false);
                }
            }
            statistics.recordGetTime(start);
            last = new HamokEntry<>(entry.getKey(), entry.getValue());
            return last;
        }

        @Override
        public void remove() {
            requireOpen();
            if (last == null) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            HamokCache.this.remove(last.getKey());
            last = null;
        }
    }

    /** Stands in for a missing completion listener. */
    private enum NoCompletionListener implements CompletionListener {
        INSTANCE;

        @Override
        public void onCompletion() {}

        @Override
        public void onException(Exception e) {}
    }
}
