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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
import io.hamok.jcache.internal.CallerRuns;
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
 * <p>Each operation is written once, asynchronously; the {@link AsyncCache} methods return it, and the
 * synchronous method waits on it while running its steps on the caller's thread ({@link CallerRuns}).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class HamokCache<K, V> implements Cache<K, V>, AsyncCache<K, V> {
    /** Runs a step on the thread that completed the previous one: for steps that run no user code. */
    private static final Executor DIRECT = Runnable::run;

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
        return sync("get", steps -> startGet(key, steps));
    }

    @Override
    public CompletableFuture<V> getAsync(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return async(steps -> startGet(key, steps));
    }

    private CompletableFuture<V> startGet(K key, Executor steps) {
        long start = statistics.start();
        return next(read(key), current -> {
            if (current != null) {
                statistics.recordHits(1);
                return touch(List.of(Map.entry(key, current))).thenApply(ignored -> {
                    statistics.recordGetTime(start);
                    return current.value();
                });
            }
            statistics.recordMisses(1);
            if (!readThrough()) {
                statistics.recordGetTime(start);
                return CompletableFuture.completedFuture(null);
            }
            V loaded = loader.load(key);
            CompletableFuture<Void> stored = loaded == null ? CompletableFuture.completedFuture(null) : storeLoaded(Map.of(key, loaded));
            return stored.thenApply(ignored -> {
                statistics.recordGetTime(start);
                return loaded;
            });
        }, userCodeAfterRead() ? steps : DIRECT);
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNulls(keys, "keys");
        return sync("getAll", steps -> startGetAll(keys, steps));
    }

    @Override
    public CompletableFuture<Map<K, V>> getAllAsync(Set<? extends K> keys) {
        requireOpen();
        requireNoNulls(keys, "keys");
        Set<K> copy = new LinkedHashSet<>(keys);
        return async(steps -> startGetAll(copy, steps));
    }

    private CompletableFuture<Map<K, V>> startGetAll(Set<? extends K> keys, Executor steps) {
        long start = statistics.start();
        return next(within(map.getEntries(keys), "getAll"), found -> {
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
            return next(touch(hits), ignored -> {
                if (!readThrough() || missing.isEmpty()) {
                    return CompletableFuture.completedFuture(null);
                }
                Map<K, V> loaded = loader.loadAll(missing);
                return storeLoaded(loaded).thenApply(stored -> {
                    result.putAll(loaded);
                    return null;
                });
            }, steps).thenApply(ignored -> {
                statistics.recordGetTime(start);
                return result;
            });
        }, userCodeAfterRead() ? steps : DIRECT);
    }

    @Override
    public boolean containsKey(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return sync("containsKey", steps -> read(key).thenApply(Objects::nonNull));
    }

    @Override
    public CompletableFuture<Boolean> containsKeyAsync(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return async(steps -> read(key).thenApply(Objects::nonNull));
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
                    sync("loadAll", steps -> storeValues(loaded, steps));
                } else {
                    sync("loadAll", steps -> storeLoaded(loaded));
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
        sync("put", steps -> startPut(key, value, steps));
    }

    @Override
    public CompletableFuture<Void> putAsync(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return async(steps -> startPut(key, value, steps));
    }

    private CompletableFuture<Void> startPut(K key, V value, Executor steps) {
        long start = statistics.start();
        if (writer != null) {
            writer.write(key, value);
        }
        return putValue(key, value, false, steps).thenApply(outcome -> {
            if (outcome.stored()) {
                statistics.recordPuts(1);
                statistics.recordPutTime(start);
            }
            return null;
        });
    }

    @Override
    public V getAndPut(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return sync("getAndPut", steps -> startGetAndPut(key, value, steps));
    }

    @Override
    public CompletableFuture<V> getAndPutAsync(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return async(steps -> startGetAndPut(key, value, steps));
    }

    private CompletableFuture<V> startGetAndPut(K key, V value, Executor steps) {
        long start = statistics.start();
        if (writer != null) {
            writer.write(key, value);
        }
        return putValue(key, value, true, steps).thenApply(outcome -> {
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
        });
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        requireOpen();
        Objects.requireNonNull(entries, "entries");
        entries.forEach(this::requireTypes);
        sync("putAll", steps -> startPutAll(entries, steps));
    }

    @Override
    public CompletableFuture<Void> putAllAsync(Map<? extends K, ? extends V> entries) {
        requireOpen();
        Objects.requireNonNull(entries, "entries");
        entries.forEach(this::requireTypes);
        return async(steps -> startPutAll(entries, steps));
    }

    private CompletableFuture<Void> startPutAll(Map<? extends K, ? extends V> entries, Executor steps) {
        long start = statistics.start();
        Map<K, V> toStore = new LinkedHashMap<>(entries);
        CacheWriterException failure;
        if (writer != null) {
            WriterAdapter.Outcome<K> outcome = writer.writeAll(toStore);
            toStore.keySet().retainAll(outcome.done());
            failure = outcome.failure();
        } else {
            failure = null;
        }
        return storeValues(toStore, steps).thenApply(stored -> {
            statistics.recordPuts(stored);
            if (stored > 0) {
                statistics.recordPutTime(start);
            }
            if (failure != null) {
                throw failure;
            }
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return sync("putIfAbsent", steps -> startPutIfAbsent(key, value, steps));
    }

    @Override
    public CompletableFuture<Boolean> putIfAbsentAsync(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return async(steps -> startPutIfAbsent(key, value, steps));
    }

    private CompletableFuture<Boolean> startPutIfAbsent(K key, V value, Executor steps) {
        long start = statistics.start();
        CompletableFuture<VersionedValue<V>> present = writer != null || !expiry.pure() ? read(key)
                : CompletableFuture.completedFuture(null);
        return next(present, current -> {
            if (current != null) {
                statistics.recordHits(1);
                return CompletableFuture.completedFuture(false);
            }
            long ttl = expiry.creation();
            if (writer != null) {
                writer.write(key, value);
            }
            CompletableFuture<WriteResult<V>> written = ttl == 0 && !expiry.pure() ? CompletableFuture.completedFuture(null)
                    : write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_ABSENT, 0, ttl, Ttl.UNCHANGED), false);
            return written.thenApply(result -> {
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
            });
        }, steps);
    }

    @Override
    public boolean remove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return sync("remove", steps -> startRemove(key));
    }

    @Override
    public CompletableFuture<Boolean> removeAsync(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return async(steps -> startRemove(key));
    }

    private CompletableFuture<Boolean> startRemove(K key) {
        long start = statistics.start();
        if (writer != null) {
            writer.delete(key);
        }
        return write(KeyWrite.delete(key, Condition.ALWAYS, 0), false).thenApply(result -> {
            boolean removed = result.applied() && result.existed();
            if (removed) {
                statistics.recordRemovals(1);
                statistics.recordRemoveTime(start);
            }
            return removed;
        });
    }

    @Override
    public boolean remove(K key, V oldValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        return sync("remove(key, oldValue)", steps -> startRemoveIfEquals(key, oldValue, steps));
    }

    @Override
    public CompletableFuture<Boolean> removeAsync(K key, V oldValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        return async(steps -> startRemoveIfEquals(key, oldValue, steps));
    }

    private CompletableFuture<Boolean> startRemoveIfEquals(K key, V oldValue, Executor steps) {
        long start = statistics.start();
        return writeIfValueEquals(key, oldValue, "remove(key, oldValue)", start, steps,
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
    private CompletableFuture<Boolean> writeIfValueEquals(K key, V expected, String operation, long start, Executor steps,
                                                          Function<VersionedValue<V>, KeyWrite<K, V>> change,
                                                          Runnable writeThrough, Runnable recordChange) {
        return attempts(new Retry(timeout), steps, operation, key, retry -> next(read(key), current -> {
            if (current == null) {
                statistics.recordMisses(1);
                statistics.recordGetTime(start);
                return CompletableFuture.completedFuture(new Done<>(false));
            }
            if (!equalValues.test(current.value(), expected)) {
                statistics.recordHits(1);
                statistics.recordGetTime(start);
                return touch(List.of(Map.entry(key, current))).thenApply(ignored -> new Done<>(false));
            }
            KeyWrite<K, V> write = change.apply(current);
            writeThrough.run();
            return write(write, false).thenApply(result -> {
                if (!result.applied()) {
                    return null;
                }
                statistics.recordHits(1);
                statistics.recordGetTime(start);
                recordChange.run();
                return new Done<>(true);
            });
        }, steps));
    }

    @Override
    public V getAndRemove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return sync("getAndRemove", steps -> startGetAndRemove(key));
    }

    @Override
    public CompletableFuture<V> getAndRemoveAsync(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return async(steps -> startGetAndRemove(key));
    }

    private CompletableFuture<V> startGetAndRemove(K key) {
        long start = statistics.start();
        if (writer != null) {
            writer.delete(key);
        }
        return write(KeyWrite.delete(key, Condition.ALWAYS, 0), true).thenApply(result -> {
            statistics.recordGetTime(start);
            if (result.applied() && result.existed()) {
                statistics.recordHits(1);
                statistics.recordRemovals(1);
                statistics.recordRemoveTime(start);
                return result.oldValue();
            }
            statistics.recordMisses(1);
            return null;
        });
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        requireReplaceArguments(key, oldValue, newValue);
        return sync("replace(key, oldValue, newValue)", steps -> startReplaceIfEquals(key, oldValue, newValue, steps));
    }

    @Override
    public CompletableFuture<Boolean> replaceAsync(K key, V oldValue, V newValue) {
        requireReplaceArguments(key, oldValue, newValue);
        return async(steps -> startReplaceIfEquals(key, oldValue, newValue, steps));
    }

    private void requireReplaceArguments(K key, V oldValue, V newValue) {
        requireOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        requireTypes(key, newValue);
        requireType(configuration.getValueType(), oldValue, "oldValue");
    }

    private CompletableFuture<Boolean> startReplaceIfEquals(K key, V oldValue, V newValue, Executor steps) {
        long start = statistics.start();
        return writeIfValueEquals(key, oldValue, "replace(key, oldValue, newValue)", start, steps,
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
        return sync("replace", steps -> startReplace(key, value, steps));
    }

    @Override
    public CompletableFuture<Boolean> replaceAsync(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return async(steps -> startReplace(key, value, steps));
    }

    private CompletableFuture<Boolean> startReplace(K key, V value, Executor steps) {
        long start = statistics.start();
        return replaceValue(key, value, false, steps).thenApply(result -> {
            boolean replaced = result != null;
            statistics.recordGetTime(start);
            if (replaced) {
                statistics.recordHits(1);
                statistics.recordPuts(1);
                statistics.recordPutTime(start);
            } else {
                statistics.recordMisses(1);
            }
            return replaced;
        });
    }

    @Override
    public V getAndReplace(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return sync("getAndReplace", steps -> startGetAndReplace(key, value, steps));
    }

    @Override
    public CompletableFuture<V> getAndReplaceAsync(K key, V value) {
        requireOpen();
        requireTypes(key, value);
        return async(steps -> startGetAndReplace(key, value, steps));
    }

    private CompletableFuture<V> startGetAndReplace(K key, V value, Executor steps) {
        long start = statistics.start();
        return replaceValue(key, value, true, steps).thenApply(result -> {
            statistics.recordGetTime(start);
            if (result != null) {
                statistics.recordHits(1);
                statistics.recordPuts(1);
                statistics.recordPutTime(start);
                return result.oldValue();
            }
            statistics.recordMisses(1);
            return null;
        });
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNulls(keys, "keys");
        Set<K> copy = new LinkedHashSet<>(keys);
        sync("removeAll", steps -> removeKeys(copy));
    }

    @Override
    public void removeAll() {
        requireOpen();
        Set<K> keys = new LinkedHashSet<>(await(map.keys(), "removeAll"));
        sync("removeAll", steps -> removeKeys(keys));
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
        return sync("invoke", steps -> startInvoke(key, entryProcessor, arguments, steps));
    }

    @Override
    public <T> CompletableFuture<T> invokeAsync(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        return async(steps -> startInvoke(key, entryProcessor, arguments, steps));
    }

    private <T> CompletableFuture<T> startInvoke(K key, EntryProcessor<K, V, T> entryProcessor, Object[] arguments,
                                                 Executor steps) {
        long start = statistics.start();
        return attempts(new Retry(timeout), steps, "invoke", key, retry -> next(read(key), current -> {
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
            return apply(entry, start).thenApply(applied -> applied ? new Done<>(result) : null);
        }, steps));
    }

    /** Submits what the processor did; false when the entry changed since the snapshot. */
    private CompletableFuture<Boolean> apply(EntrySnapshot<K, V> entry, long start) {
        K key = entry.getKey();
        VersionedValue<V> original = entry.original();
        switch (entry.action()) {
            case NONE -> {
                return CompletableFuture.completedFuture(true);
            }
            case ACCESS -> {
                return touch(List.of(Map.entry(key, original))).thenApply(ignored -> true);
            }
            case LOAD -> {
                return storeLoaded(Map.of(key, entry.newValue())).thenApply(ignored -> true);
            }
            case CREATE -> {
                requireType(configuration.getValueType(), entry.newValue(), "value");
                if (writer != null) {
                    writer.write(key, entry.newValue());
                }
                long ttl = expiry.creation();
                if (ttl == 0) {
                    return CompletableFuture.completedFuture(true);
                }
                KeyWrite<K, V> create = new KeyWrite<>(key, WriteKind.PUT, entry.newValue(), Condition.IF_ABSENT, 0, ttl,
                        Ttl.UNCHANGED);
                return write(create, false).thenApply(result -> {
                    if (!result.applied() || result.existed()) {
                        return false;
                    }
                    statistics.recordPuts(1);
                    statistics.recordPutTime(start);
                    return true;
                });
            }
            case UPDATE -> {
                requireType(configuration.getValueType(), entry.newValue(), "value");
                if (writer != null) {
                    writer.write(key, entry.newValue());
                }
                long ttl = expiry.update();
                KeyWrite<K, V> update = new KeyWrite<>(key, WriteKind.PUT, entry.newValue(), Condition.IF_VERSION,
                        original.version(), Ttl.ETERNAL, ttl);
                return write(update, false).thenApply(result -> {
                    if (!result.applied()) {
                        return false;
                    }
                    statistics.recordPuts(1);
                    statistics.recordPutTime(start);
                    return true;
                });
            }
            case REMOVE -> {
                if (writer != null) {
                    writer.delete(key);
                }
                CompletableFuture<Boolean> removed = original == null ? CompletableFuture.completedFuture(true)
                        : write(KeyWrite.delete(key, Condition.IF_VERSION, original.version()), false)
                                .thenApply(WriteResult::applied);
                return removed.thenApply(applied -> {
                    if (applied) {
                        statistics.recordRemovals(1);
                        statistics.recordRemoveTime(start);
                    }
                    return applied;
                });
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
        throw new IllegalArgumentException("type : " + type + " (expected: HamokCache, AsyncCache or HamokRemoteMap)");
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

    /**
     * This peer's near-cache counters (hits, misses, invalidations, size, mode), or {@code null} when the
     * cache has no near cache. The mode chosen is also in the configuration ({@code HamokConfiguration.getNearCache}).
     */
    public io.hamok.map.NearCacheStatistics nearCacheStatistics() {
        return map.nearCacheStatistics();
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

    /** The outcome of one attempt of a version-conditioned operation; an attempt gives {@code null} to try again. */
    private record Done<T>(T value) {}

    /** Stores the value, asking the expiry policy for exactly the create or update duration. */
    private CompletableFuture<PutOutcome<V>> putValue(K key, V value, boolean returnOld, Executor steps) {
        if (expiry.pure()) {
            long onCreate = expiry.eternal() ? Ttl.ETERNAL : expiry.creation();
            KeyWrite<K, V> put = new KeyWrite<>(key, WriteKind.PUT, value, Condition.ALWAYS, 0, onCreate, putUpdateTtl());
            CompletableFuture<WriteResult<V>> written = returnOld ? write(put, true)
                    : within(map.writeBlind(List.of(put)), "put").thenApply(results -> results.get(0));
            return written.thenApply(result -> new PutOutcome<>(result.existed(), result.oldValue(),
                    result.existed() || onCreate != 0));
        }
        return attempts(new Retry(timeout), steps, "put", key, retry -> next(read(key), current -> {
            if (current == null) {
                long ttl = expiry.creation();
                if (ttl == 0) {
                    return CompletableFuture.completedFuture(new Done<>(new PutOutcome<V>(false, null, false)));
                }
                return write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_ABSENT, 0, ttl, Ttl.UNCHANGED), false)
                        .thenApply(result -> result.applied() && !result.existed()
                                ? new Done<>(new PutOutcome<V>(false, null, true)) : null);
            }
            long ttl = expiry.update();
            return write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_VERSION, current.version(), Ttl.ETERNAL,
                    ttl), false)
                    .thenApply(result -> result.applied() ? new Done<>(new PutOutcome<>(true, current.value(), true)) : null);
        }, steps));
    }

    /**
     * The TTL a put gives an existing entry. In an eternal cache every entry is eternal, so "eternal"
     * equals "unchanged" there, and saying eternal makes a put independent of what is stored: the leader
     * can store a blind put without reading the key ({@link HamokRemoteMap#writeBlind}).
     */
    private long putUpdateTtl() {
        return expiry.eternal() ? Ttl.ETERNAL : expiry.update();
    }

    /** Stores many values (puts without writer); completes with how many were stored. */
    private CompletableFuture<Integer> storeValues(Map<K, V> entries, Executor steps) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        if (!expiry.pure()) {
            // one after the other, each asking the policy exactly what JSR-107 prescribes for it
            CompletableFuture<Integer> stored = CompletableFuture.completedFuture(0);
            for (Map.Entry<K, V> entry : entries.entrySet()) {
                stored = next(stored, count -> putValue(entry.getKey(), entry.getValue(), false, steps)
                        .thenApply(outcome -> count + (outcome.stored() ? 1 : 0)), steps);
            }
            return stored;
        }
        long onCreate = expiry.eternal() ? Ttl.ETERNAL : expiry.creation();
        long onUpdate = putUpdateTtl();
        List<KeyWrite<K, V>> writes = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> writes.add(new KeyWrite<>(key, WriteKind.PUT, value, Condition.ALWAYS, 0,
                onCreate, onUpdate)));
        return within(map.writeBlind(writes), "putAll").thenApply(results -> {
            int stored = 0;
            for (WriteResult<V> result : results) {
                stored += result.existed() || onCreate != 0 ? 1 : 0;
            }
            return stored;
        });
    }

    /** Stores loaded values where the key is absent; loads are not counted as puts. */
    private CompletableFuture<Void> storeLoaded(Map<K, V> loaded) {
        if (loaded.isEmpty()) {
            return CompletableFuture.completedFuture(null);
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
        return writes.isEmpty() ? CompletableFuture.completedFuture(null) : write(writes, false).thenApply(ignored -> null);
    }

    /** Replaces a present entry; completes with the result, or {@code null} when absent. */
    private CompletableFuture<WriteResult<V>> replaceValue(K key, V value, boolean returnOld, Executor steps) {
        if (writer == null && expiry.pure()) {
            long ttl = expiry.eternal() ? Ttl.UNCHANGED : expiry.update();
            return write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_PRESENT, 0, Ttl.ETERNAL, ttl), returnOld)
                    .thenApply(result -> result.applied() ? result : null);
        }
        return attempts(new Retry(timeout), steps, "replace", key, retry -> next(read(key), current -> {
            if (current == null) {
                return CompletableFuture.completedFuture(new Done<WriteResult<V>>(null));
            }
            long ttl = expiry.update();
            if (writer != null) {
                writer.write(key, value);
            }
            return write(new KeyWrite<>(key, WriteKind.PUT, value, Condition.IF_VERSION, current.version(), Ttl.ETERNAL,
                    ttl), false)
                    .thenApply(result -> result.applied()
                            ? new Done<>(new WriteResult<>(true, true, current.value(), result.version())) : null);
        }, steps));
    }

    private CompletableFuture<Void> removeKeys(Set<K> keys) {
        long start = statistics.start();
        CacheWriterException failure;
        if (writer != null && !keys.isEmpty()) {
            WriterAdapter.Outcome<K> outcome = writer.deleteAll(keys);
            keys.retainAll(outcome.done());
            failure = outcome.failure();
        } else {
            failure = null;
        }
        CompletableFuture<Void> removed = CompletableFuture.completedFuture(null);
        if (!keys.isEmpty()) {
            List<KeyWrite<K, V>> deletes = new ArrayList<>(keys.size());
            keys.forEach(key -> deletes.add(KeyWrite.delete(key, Condition.ALWAYS, 0)));
            removed = write(deletes, false).thenApply(results -> {
                int count = 0;
                for (WriteResult<V> result : results) {
                    count += result.applied() && result.existed() ? 1 : 0;
                }
                statistics.recordRemovals(count);
                if (count > 0) {
                    statistics.recordRemoveTime(start);
                }
                return null;
            });
        }
        return removed.thenApply(ignored -> {
            if (failure != null) {
                throw failure;
            }
            return null;
        });
    }

    /** Applies the expiry policy's access duration to entries just read. */
    private CompletableFuture<Void> touch(List<Map.Entry<K, VersionedValue<V>>> entries) {
        if (expiry.eternal() || entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<KeyWrite<K, V>> touches = new ArrayList<>();
        for (Map.Entry<K, VersionedValue<V>> entry : entries) {
            long ttl = expiry.access();
            if (ttl != Ttl.UNCHANGED) {
                touches.add(new KeyWrite<>(entry.getKey(), WriteKind.TOUCH, null, Condition.IF_VERSION,
                        entry.getValue().version(), Ttl.UNCHANGED, ttl));
            }
        }
        return touches.isEmpty() ? CompletableFuture.completedFuture(null) : write(touches, false).thenApply(ignored -> null);
    }

    /** True when what follows a read may call user code (expiry policy, loader): then it runs on the steps executor. */
    private boolean userCodeAfterRead() {
        return !expiry.eternal() || readThrough();
    }

    private CompletableFuture<VersionedValue<V>> read(K key) {
        return within(map.getEntry(key), "get");
    }

    private CompletableFuture<WriteResult<V>> write(KeyWrite<K, V> write, boolean returnOld) {
        return write(List.of(write), returnOld).thenApply(results -> results.get(0));
    }

    private CompletableFuture<List<WriteResult<V>>> write(List<KeyWrite<K, V>> writes, boolean returnOld) {
        return within(map.write(writes, returnOld), "write");
    }

    private <T> CompletableFuture<T> within(CompletableFuture<T> future, String operation) {
        return Await.within(future, timeout, () -> operation + " on cache '" + name + "'");
    }

    private <T> T await(CompletableFuture<T> future, String operation) {
        return Await.await(future, timeout, () -> operation + " on cache '" + name + "'");
    }

    // ---------------------------------------------------------------- one operation, waited on or not

    /**
     * One cache operation: {@code start} runs on the calling thread up to the first round trip; every step
     * that may run user code after a round trip goes through {@link #next} on {@code steps}.
     */
    @FunctionalInterface
    private interface Operation<T> {
        CompletableFuture<T> start(Executor steps);
    }

    /** The synchronous method: the caller waits and runs the operation's steps itself ({@link CallerRuns}). */
    private <T> T sync(String operation, Operation<T> body) {
        CallerRuns steps = new CallerRuns();
        return steps.await(begin(body, steps), timeout, () -> operation + " on cache '" + name + "'");
    }

    /** The asynchronous method: steps on the manager's executor, and the stage completed there too. */
    private <T> CompletableFuture<T> async(Operation<T> body) {
        CompletableFuture<T> running = begin(body, executor);
        CompletableFuture<T> stage = new CompletableFuture<>();
        if (running.isDone()) {
            complete(stage, running);
            return stage;
        }
        running.whenComplete((value, failure) -> {
            try {
                executor.execute(() -> complete(stage, running));
            } catch (RejectedExecutionException closing) {
                complete(stage, running);
            }
        });
        return stage;
    }

    private static <T> CompletableFuture<T> begin(Operation<T> body, Executor steps) {
        try {
            return body.start(steps);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Completes the stage as {@code done} completed, with the failure unwrapped from {@link CompletionException};
     * a step refused by the closed manager's executor is the {@link IllegalStateException} of a closed cache.
     */
    private <T> void complete(CompletableFuture<T> stage, CompletableFuture<T> done) {
        try {
            stage.complete(done.join());
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RejectedExecutionException) {
                cause = new IllegalStateException("cache '" + name + "' is closed", cause);
            }
            stage.completeExceptionally(cause);
        }
    }

    /**
     * {@code then} applied to the future's value: at once on this thread if it is complete (this thread is the
     * caller or a steps thread), else on {@code steps} when it completes, never on the grid thread completing it.
     */
    private static <T, U> CompletableFuture<U> next(CompletableFuture<T> future, Function<T, CompletableFuture<U>> then,
                                                    Executor steps) {
        return future.isDone() ? future.thenCompose(then) : future.thenComposeAsync(then, steps);
    }

    /**
     * The attempts of a version-conditioned operation: the first at once, each later one on {@code steps}
     * after the {@link Retry} back-off (a delay, not a sleep), until one gives a {@link Done} or the request
     * timeout has passed (then it fails with a contention {@link CacheException}).
     */
    private <T> CompletableFuture<T> attempts(Retry retry, Executor steps, String operation, K key,
                                              Function<Retry, CompletableFuture<Done<T>>> attempt) {
        long delay = retry.nextDelayNanos();
        if (delay < 0) {
            return CompletableFuture.failedFuture(contention(operation, key));
        }
        // the back-off timer completes on the JDK's delayer thread; thenComposeAsync hands the attempt to steps,
        // and fails the operation (rather than losing it) if steps no longer takes tasks (manager closed)
        CompletableFuture<Done<T>> outcome = delay == 0 ? attempt.apply(retry)
                : new CompletableFuture<Void>().completeOnTimeout(null, delay, TimeUnit.NANOSECONDS)
                        .thenComposeAsync(ignored -> attempt.apply(retry), steps);
        return outcome.thenCompose(done -> done != null ? CompletableFuture.completedFuture(done.value())
                : attempts(retry, steps, operation, key, attempt));
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
                    await(write(new KeyWrite<>(entry.getKey(), WriteKind.TOUCH, null, Condition.IF_PRESENT, 0,
                            Ttl.UNCHANGED, ttl), false), "iterator");
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
