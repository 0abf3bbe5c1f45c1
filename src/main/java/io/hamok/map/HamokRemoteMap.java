package io.hamok.map;

import io.hamok.map.internal.MapCodec;
import io.hamok.map.internal.MapEvents;
import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.map.internal.Results;
import io.hamok.raft.EffectsSink;
import io.hamok.raft.Grid;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.KeyOutcome;
import io.hamok.raft.command.MapClear;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.raft.command.RequestId;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.TypedRemoteMapAdapter;
import io.hamok.write.Condition;
import io.hamok.write.WriteKind;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A distributed key-value map whose data lives in a remote store and whose every mutation is a Raft
 * log entry executed by the leader in log order (the seed's HamokRemoteMap in Java). Reads go
 * straight to the store: every acknowledged write is already there; with a near cache
 * ({@link HamokRemoteMapConfig#nearCache()}), {@code get}, {@code getAll} and {@code getEntry} may be
 * answered from this peer's memory (see docs/NEAR-CACHE.md).
 *
 * <p>All methods are asynchronous. Null keys and values are refused with {@link NullPointerException};
 * after {@link #close()} every call fails with {@link IllegalStateException}. Writes that cannot be
 * confirmed fail with {@link io.hamok.exceptions.OutcomeUnknownException}, which says whether the
 * write is committed.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class HamokRemoteMap<K, V> implements AutoCloseable {
    private static final int MAX_CONDITIONAL_ATTEMPTS = 1000;

    private final Grid grid;
    private final HamokRemoteMapConfig<K, V> config;
    private final MapCodec<K, V> codec;
    private final MapEvents<K, V> events;
    private final FencedRemoteMap store;
    private final boolean userStore;
    private final Set<Bytes> expiring = ConcurrentHashMap.newKeySet();
    private final EffectsSink sink;
    /** This peer's near cache of the map, or {@code null}. */
    private final io.hamok.map.internal.NearCache nearCache;
    private volatile boolean closed;

    private HamokRemoteMap(Grid grid, HamokRemoteMapConfig<K, V> config) {
        this.grid = grid;
        this.config = config;
        this.codec = new MapCodec<>(config);
        this.events = new MapEvents<>(config.mapId(), codec);
        this.userStore = config.remoteMap() != null;
        if (userStore) {
            this.store = userStoreAdapter(config);
            grid.registerUserStore(config.mapId(), store);
        } else {
            this.store = grid.store(config.mapId());
        }
        this.sink = new EffectsSink() {
            @Override
            public RuntimeException accept(io.hamok.raft.command.Effect[] effects) {
                return events.fire(effects);
            }

            @Override
            public RuntimeException accept(long logIndex, io.hamok.raft.command.Effect[] effects) {
                return events.fire(logIndex, effects);
            }
        };
        if (!config.noEvents()) {
            grid.registerEffectsSink(config.mapId(), sink);
        }
        this.nearCache = config.nearCache() == io.hamok.raft.NearCacheMode.OFF ? null
                : new io.hamok.map.internal.NearCache(grid, config.mapId(), config.nearCache(), config.nearCacheMaxEntries(),
                        !userStore);
    }

    /** This peer's near-cache counters, or {@code null} when the map has no near cache. */
    public NearCacheStatistics nearCacheStatistics() {
        return nearCache == null ? null : nearCache.statistics();
    }

    private static <K, V> FencedRemoteMap userStoreAdapter(HamokRemoteMapConfig<K, V> config) {
        return new TypedRemoteMapAdapter<>(config.mapId(), config.remoteMap(), config.keyCodec(), config.valueCodec(), 0);
    }

    /** Opens a map on a running grid peer. Create it on every peer that uses it. */
    public static <K, V> HamokRemoteMap<K, V> create(Grid grid, HamokRemoteMapConfig<K, V> config) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(config, "config");
        return new HamokRemoteMap<>(grid, config);
    }

    /** The map id. */
    public String id() {
        return config.mapId();
    }

    public boolean isClosed() {
        return closed;
    }

    public HamokRemoteMapConfig<K, V> config() {
        return config;
    }

    /**
     * Adds a listener for the events of every peer. The first listener on this peer registers the
     * peer with the grid (one command) before this method returns.
     *
     * @throws IllegalStateException if the map is closed or configured with {@code noEvents}
     */
    public void addListener(MapListener<K, V> listener) {
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        if (config.noEvents()) {
            throw new IllegalStateException("map '" + id() + "' is configured with noEvents=true: it has no events"
                    + " and takes no listeners");
        }
        if (events.add(listener, registrationIndex())) {
            submitListen(true).join();
        }
    }

    /** Removes a listener. */
    public void removeListener(MapListener<K, V> listener) {
        Objects.requireNonNull(listener, "listener");
        if (events.remove(listener) && !closed) {
            submitListen(false);
        }
    }

    /**
     * The log index from which a new listener gets events: that of a no-op ordered now. A peer still
     * replaying its log after a restart thus never hands a new listener events from before it.
     */
    private long registrationIndex() {
        return Results.withTimeout(id(), grid.submit(new io.hamok.raft.command.Noop()), config.requestTimeout())
                .thenApply(result -> Results.require(id(), result, CommandResult.Done.class).logIndex()).join();
    }

    private CompletableFuture<Void> submitListen(boolean listening) {
        return Results.withTimeout(id(), grid.listen(id(), listening), config.requestTimeout())
                .thenAccept(result -> Results.require(id(), result, CommandResult.Done.class));
    }

    /** Number of entries in the store (expired entries count until the leader removes them). */
    public CompletableFuture<Integer> size() {
        checkOpen();
        return store.size();
    }

    public CompletableFuture<Boolean> isEmpty() {
        return size().thenApply(size -> size == 0);
    }

    /** A snapshot of the live keys. */
    public CompletableFuture<Set<K>> keys() {
        checkOpen();
        return CompletableFuture.supplyAsync(() -> {
            Set<K> keys = new LinkedHashSet<>();
            iterator().forEachRemaining(entry -> keys.add(entry.getKey()));
            return keys;
        });
    }

    /** Removes every entry (one clear event). */
    public CompletableFuture<Void> clear() {
        checkOpen();
        return submit(new MapClear(id(), userStore)).thenCompose(result -> {
            CommandResult.Done done = Results.require(id(), result, CommandResult.Done.class);
            return afterOwnEvents(done.logIndex(), done.eventsPublished(), null);
        });
    }

    /** The value, or {@code null}. */
    public CompletableFuture<V> get(K key) {
        return getEntry(key).thenApply(entry -> entry == null ? null : entry.value());
    }

    /** The present entries among the keys. */
    public CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys) {
        return getEntries(keys).thenApply(entries -> {
            Map<K, V> values = new LinkedHashMap<>();
            entries.forEach((key, entry) -> values.put(key, entry.value()));
            return values;
        });
    }

    /** Sets the value; completes with the previous one or {@code null}. */
    public CompletableFuture<V> set(K key, V value) {
        return single(KeyWrite.put(key, value), true).thenApply(WriteResult::oldValue);
    }

    /** Sets every entry; completes with the previous values of the keys that existed. */
    public CompletableFuture<Map<K, V>> setAll(Map<? extends K, ? extends V> entries) {
        return writeAll(entries, Condition.ALWAYS, true, result -> result.existed() ? result.oldValue() : null);
    }

    /** Inserts unless the key exists; completes with {@code null} if inserted, else the existing value. */
    public CompletableFuture<V> insert(K key, V value) {
        return single(KeyWrite.put(key, value, Condition.IF_ABSENT, 0), true)
                .thenApply(result -> result.applied() ? null : result.oldValue());
    }

    /** Inserts each absent key; completes with the existing entries that were not overwritten. */
    public CompletableFuture<Map<K, V>> insertAll(Map<? extends K, ? extends V> entries) {
        return writeAll(entries, Condition.IF_ABSENT, true, result -> result.applied() ? null : result.oldValue());
    }

    /** Deletes the key; completes with whether it existed. */
    public CompletableFuture<Boolean> delete(K key) {
        return single(KeyWrite.delete(key, Condition.ALWAYS, 0), false).thenApply(WriteResult::applied);
    }

    /** Deletes the keys; completes with the keys that existed. */
    public CompletableFuture<Set<K>> deleteAll(Collection<? extends K> keys) {
        return deletes(keys, false).thenApply(results -> {
            Set<K> deleted = new LinkedHashSet<>();
            results.forEach((key, result) -> {
                if (result.applied()) {
                    deleted.add(key);
                }
            });
            return deleted;
        });
    }

    /** Removes the key; completes with whether it existed. */
    public CompletableFuture<Boolean> remove(K key) {
        return delete(key);
    }

    /** Removes the keys; completes with the removed entries. */
    public CompletableFuture<Map<K, V>> removeAll(Collection<? extends K> keys) {
        return deletes(keys, true).thenApply(results -> {
            Map<K, V> removed = new LinkedHashMap<>();
            results.forEach((key, result) -> {
                if (result.applied()) {
                    removed.put(key, result.oldValue());
                }
            });
            return removed;
        });
    }

    /**
     * Sets the value only if the current one equals {@code oldValue} by {@code equalValues}; atomic
     * across peers (the comparison is made here, the write is conditioned on the entry's version).
     */
    public CompletableFuture<Boolean> updateIf(K key, V value, V oldValue) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(oldValue, "oldValue");
        return updateIf(key, value, oldValue, 1);
    }

    private CompletableFuture<Boolean> updateIf(K key, V value, V oldValue, int attempt) {
        return getEntry(key).thenCompose(entry -> {
            if (entry == null || !config.equalValues().test(entry.value(), oldValue)) {
                return CompletableFuture.completedFuture(false);
            }
            return single(KeyWrite.put(key, value, Condition.IF_VERSION, entry.version()), false)
                    .thenCompose(result -> result.applied() || attempt >= MAX_CONDITIONAL_ATTEMPTS
                            ? CompletableFuture.completedFuture(result.applied())
                            : updateIf(key, value, oldValue, attempt + 1));
        });
    }

    /** Iterates the live entries, fetching lazily from the store. */
    public Iterator<Map.Entry<K, V>> iterator() {
        checkOpen();
        Iterator<Map.Entry<Bytes, Envelope>> raw = store.iterator();
        long now = System.currentTimeMillis();
        return new Iterator<>() {
            private Map.Entry<K, V> next;

            @Override
            public boolean hasNext() {
                while (next == null && raw.hasNext()) {
                    Map.Entry<Bytes, Envelope> entry = raw.next();
                    if (!entry.getValue().isExpired(now)) {
                        next = Map.entry(codec.decodeKey(entry.getKey().array()), codec.decodeValue(entry.getValue().value()));
                    }
                }
                return next != null;
            }

            @Override
            public Map.Entry<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map.Entry<K, V> result = next;
                next = null;
                return result;
            }
        };
    }

    /** Completes when this peer has applied (and delivered the events of) everything committed now. */
    public CompletableFuture<Void> sync() {
        checkOpen();
        return Results.withTimeout(id(), grid.sync(), config.requestTimeout());
    }

    /** The live entry with its version and deadline, or {@code null}. */
    public CompletableFuture<VersionedValue<V>> getEntry(K key) {
        checkOpen();
        byte[] encoded = codec.encodeKey(key);
        Bytes bytes = Bytes.wrap(encoded);
        if (nearCache != null) {
            io.hamok.map.internal.NearCache.Cached cached = nearCache.lookup(bytes, System.currentTimeMillis());
            if (cached != null) {
                return CompletableFuture.completedFuture(live(bytes, cached.envelope()));
            }
            long readStart = nearCache.readStart();
            return store.get(bytes).thenApply(envelope -> {
                nearCache.fill(bytes, envelope, readStart, System.currentTimeMillis());
                return live(bytes, envelope);
            });
        }
        return store.get(bytes).thenApply(envelope -> live(bytes, envelope));
    }

    /** The live entries among the keys. */
    public CompletableFuture<Map<K, VersionedValue<V>>> getEntries(Collection<? extends K> keys) {
        checkOpen();
        Objects.requireNonNull(keys, "keys");
        Map<Bytes, K> byBytes = new LinkedHashMap<>();
        for (K key : keys) {
            byBytes.put(Bytes.wrap(codec.encodeKey(key)), key);
        }
        if (byBytes.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Map<Bytes, io.hamok.map.internal.NearCache.Cached> near = new HashMap<>();
        Set<Bytes> toRead = byBytes.keySet();
        long readStart = 0;
        if (nearCache != null) {
            long now = System.currentTimeMillis();
            toRead = new LinkedHashSet<>();
            for (Bytes bytes : byBytes.keySet()) {
                io.hamok.map.internal.NearCache.Cached cached = nearCache.lookup(bytes, now);
                if (cached != null) {
                    near.put(bytes, cached);
                } else {
                    toRead.add(bytes);
                }
            }
            readStart = nearCache.readStart();
        }
        long start = readStart;
        CompletableFuture<Map<Bytes, Envelope>> read = toRead.isEmpty() ? CompletableFuture.completedFuture(Map.of())
                : store.getAll(toRead);
        Set<Bytes> requested = toRead;
        return read.thenApply(found -> {
            if (nearCache != null) {
                long now = System.currentTimeMillis();
                requested.forEach(bytes -> nearCache.fill(bytes, found.get(bytes), start, now));
            }
            Map<K, VersionedValue<V>> entries = new LinkedHashMap<>();
            byBytes.forEach((bytes, key) -> {
                io.hamok.map.internal.NearCache.Cached cached = near.get(bytes);
                VersionedValue<V> entry = live(bytes, cached != null ? cached.envelope() : found.get(bytes));
                if (entry != null) {
                    entries.put(key, entry);
                }
            });
            return entries;
        });
    }

    /**
     * Executes key writes in order, each atomic on its own (the list is not a transaction); splits
     * them into several commands by {@code maxOutboundMessageKeys/Values}. Effects of these writes
     * reach this peer's listeners before the future completes.
     */
    public CompletableFuture<List<WriteResult<V>>> write(List<KeyWrite<K, V>> writes, boolean returnOld) {
        return write(writes, returnOld, false);
    }

    /**
     * {@link #write(List, boolean) write(writes, false)} for a caller that ignores whether keys existed:
     * the leader stores unconditional puts whose TTL is the same on create and update without reading
     * the keys first (while no peer listens on the map), one store round trip less. Their results say
     * {@code existed=false} whether or not the key existed; everything else is as with {@code write}.
     */
    public CompletableFuture<List<WriteResult<V>>> writeBlind(List<KeyWrite<K, V>> writes) {
        return write(writes, false, true);
    }

    private CompletableFuture<List<WriteResult<V>>> write(List<KeyWrite<K, V>> writes, boolean returnOld, boolean blind) {
        checkOpen();
        Objects.requireNonNull(writes, "writes");
        RawWrite[] raws = new RawWrite[writes.size()];
        for (int i = 0; i < raws.length; i++) {
            KeyWrite<K, V> write = Objects.requireNonNull(writes.get(i), "write");
            raws[i] = new RawWrite(codec.encodeKey(write.key()), write.kind(),
                    write.kind() == WriteKind.PUT ? codec.encodeValue(write.value()) : null,
                    write.condition(), write.expectedVersion(), write.ttlOnCreate(), write.ttlOnUpdate());
        }
        List<CompletableFuture<List<WriteResult<V>>>> chunks = new ArrayList<>();
        int chunk = chunkSize(raws);
        for (int from = 0; from < raws.length; from += chunk) {
            RawWrite[] part = java.util.Arrays.copyOfRange(raws, from, Math.min(raws.length, from + chunk));
            chunks.add(submitWrites(part, returnOld, blind));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<WriteResult<V>> results = new ArrayList<>(raws.length);
            chunks.forEach(part -> results.addAll(part.join()));
            return results;
        });
    }

    private int chunkSize(RawWrite[] raws) {
        int chunk = Math.max(1, raws.length);
        if (config.maxOutboundMessageKeys() > 0) {
            chunk = Math.min(chunk, config.maxOutboundMessageKeys());
        }
        boolean hasValues = java.util.Arrays.stream(raws).anyMatch(raw -> raw.value() != null);
        if (hasValues && config.maxOutboundMessageValues() > 0) {
            chunk = Math.min(chunk, config.maxOutboundMessageValues());
        }
        return chunk;
    }

    private CompletableFuture<List<WriteResult<V>>> submitWrites(RawWrite[] raws, boolean returnOld, boolean blind) {
        return submitWrites(new MapWrite(id(), raws, returnOld, userStore, blind), grid.newRequestId());
    }

    /** Submits a write under a request id; an unknown outcome can be retried under the same id. */
    private CompletableFuture<List<WriteResult<V>>> submitWrites(MapWrite command, RequestId requestId) {
        RawWrite[] raws = command.writes();
        boolean returnOld = command.returnOld();
        CompletableFuture<List<WriteResult<V>>> answered = Results.withTimeout(id(), grid.submit(command, requestId),
                config.requestTimeout()).thenCompose(result -> {
            if (result instanceof CommandResult.Repeated && raws.length == 1 && !returnOld) {
                // an earlier copy of this very request took effect (its id is remembered only if it did)
                return CompletableFuture.completedFuture(List.of(new WriteResult<V>(true, false, null, 0)));
            }
            CommandResult.Written written = Results.require(id(), result, CommandResult.Written.class);
            List<WriteResult<V>> results = new ArrayList<>(raws.length);
            if (nearCache != null) {
                for (int i = 0; i < raws.length && i < written.outcomes().length; i++) {
                    if (raws[i].condition() == Condition.IF_VERSION && !written.outcomes()[i].applied()) {
                        nearCache.drop(Bytes.wrap(raws[i].key()));
                    }
                }
            }
            for (KeyOutcome outcome : written.outcomes()) {
                results.add(new WriteResult<>(outcome.applied(), outcome.existed(),
                        codec.decodeValue(outcome.oldValue()), outcome.version()));
            }
            return afterOwnEvents(written.logIndex(), written.eventsPublished(), results);
        });
        return answered.exceptionallyCompose(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof OutcomeUnknownException unknown && !unknown.retryable()) {
                unknown.withRetry(() -> submitWrites(command, requestId));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * Completes with {@code value} once this peer's listeners have seen the call's own events, which
     * travel in log order with every other peer's; a listener failure fails the call (the write
     * stands). If they do not arrive within the request timeout (a slow listener, or the events entry
     * lost with a failing leader), fails with a committed {@link OutcomeUnknownException}.
     */
    private <T> CompletableFuture<T> afterOwnEvents(long logIndex, boolean published, T value) {
        if (!published) {
            return CompletableFuture.completedFuture(value);
        }
        return grid.awaitEvents(logIndex)
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((failure, error) -> {
                    if (error != null) {
                        throw new OutcomeUnknownException("map '" + id() + "': the write took effect, but this peer's"
                                + " listeners did not receive its events within requestTimeout " + config.requestTimeout(),
                                true, error);
                    }
                    rethrow(failure);
                    return value;
                });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean hadListeners = !events.isEmpty();
        grid.unregisterEffectsSink(id(), sink);
        if (userStore) {
            grid.unregisterUserStore(id(), store);
        }
        events.close();
        if (nearCache != null) {
            nearCache.close();
        }
        if (hadListeners) {
            grid.listen(id(), false);
        }
    }

    private CompletableFuture<WriteResult<V>> single(KeyWrite<K, V> write, boolean returnOld) {
        return write(List.of(write), returnOld).thenApply(results -> results.get(0));
    }

    private CompletableFuture<Map<K, V>> writeAll(Map<? extends K, ? extends V> entries, Condition condition,
                                                  boolean returnOld, java.util.function.Function<WriteResult<V>, V> pick) {
        Objects.requireNonNull(entries, "entries");
        List<KeyWrite<K, V>> writes = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> writes.add(KeyWrite.put(key, value, condition, 0)));
        return write(writes, returnOld).thenApply(results -> {
            Map<K, V> picked = new LinkedHashMap<>();
            for (int i = 0; i < writes.size(); i++) {
                V value = pick.apply(results.get(i));
                if (value != null) {
                    picked.put(writes.get(i).key(), value);
                }
            }
            return picked;
        });
    }

    private CompletableFuture<Map<K, WriteResult<V>>> deletes(Collection<? extends K> keys, boolean returnOld) {
        Objects.requireNonNull(keys, "keys");
        List<KeyWrite<K, V>> writes = new ArrayList<>(keys.size());
        for (K key : new LinkedHashSet<>(keys)) {
            writes.add(KeyWrite.delete(key, Condition.ALWAYS, 0));
        }
        return write(writes, returnOld).thenApply(results -> {
            Map<K, WriteResult<V>> byKey = new HashMap<>();
            for (int i = 0; i < writes.size(); i++) {
                byKey.put(writes.get(i).key(), results.get(i));
            }
            return byKey;
        });
    }

    private CompletableFuture<CommandResult> submit(Command command) {
        return Results.withTimeout(id(), grid.submit(command), config.requestTimeout());
    }

    /** Decodes a stored envelope, or {@code null} when absent or expired (then asks the leader to remove it). */
    private VersionedValue<V> live(Bytes key, Envelope envelope) {
        if (envelope == null) {
            return null;
        }
        if (envelope.isExpired(System.currentTimeMillis())) {
            expireInBackground(key, envelope.version());
            return null;
        }
        return new VersionedValue<>(codec.decodeValue(envelope.value()), envelope.version(), envelope.expiresAt());
    }

    private void expireInBackground(Bytes key, long version) {
        if (closed || !expiring.add(key)) {
            return;
        }
        RawWrite expire = new RawWrite(key.array(), WriteKind.EXPIRE, null, Condition.IF_VERSION, version, 0, 0);
        submit(new MapWrite(id(), new RawWrite[] {expire}, false, userStore))
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, error) -> expiring.remove(key));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("map '" + id() + "' is closed");
        }
    }

    private static void rethrow(RuntimeException failure) {
        if (failure != null) {
            throw failure;
        }
    }
}
