package io.hamok.store.redis;

import io.hamok.exceptions.CodecException;
import io.hamok.exceptions.HamokException;
import io.hamok.exceptions.StaleLeaderException;
import io.hamok.exceptions.StoreException;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.redisson.api.RBucket;
import org.redisson.api.RMap;
import org.redisson.api.RMapReactive;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The Redis built-in store of one map of one grid. Layout ({@link RedisKeys}; the braces are a cluster
 * hash tag, so every key of a map lives on one node):
 * <ul>
 *   <li>{@code hamok:<groupId>:{<mapId>}:data}: a hash, field = encoded key, value = {@link Envelope#toBytes()};</li>
 *   <li>{@code hamok:<groupId>:{<mapId>}:applied}: the applied log index as a decimal string (absent = 0);</li>
 *   <li>{@code ...:effects} and {@code ...:requests}: the last batch's effects and the applied request ids.</li>
 * </ul>
 * Keys of the layout of earlier versions (no group) are moved to these once, before the first
 * operation ({@link LegacyKeys}).
 * Every call is one round trip: {@code get} is HGET, {@code getAll} one HMGET, {@code size} HLEN,
 * {@code clear} DEL, the writes and {@link #applyFenced} one Lua script each. {@link #keys()} and
 * {@link #iterator()} page through the hash with HSCAN.
 *
 * <p>Stored values that are not envelopes fail the call with a {@link CodecException} naming the map
 * and key (a write over such a value is still applied; only the previous value cannot be returned);
 * Redis failures give a {@link StoreException}. Futures complete on Redisson's I/O threads:
 * do not block in their callbacks. <b>A timed-out {@code applyFenced} may or may not have been
 * applied</b>: read {@link #appliedIndex()} to find out.
 */
public final class RedisRemoteMap implements FencedRemoteMap {
    /** HSCAN page size of {@link #keys()} and {@link #iterator()}. */
    static final int SCAN_PAGE = 512;
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};

    private final String mapId;
    private final RedisKeys redisKeys;
    private final LegacyKeys legacyKeys;
    private final String dataKey;
    private final String appliedKey;
    private final String effectsKey;
    private final String requestsKey;
    private final org.redisson.api.RScoredSortedSet<byte[]> requests;
    private final RMap<byte[], byte[]> data;
    private final RMapReactive<byte[], byte[]> reactiveData;
    private final RBucket<byte[]> applied;
    private final RBucket<byte[]> effects;
    private final RScript script;

    RedisRemoteMap(RedissonClient client, String groupId, String mapId) {
        this.mapId = Objects.requireNonNull(mapId, "mapId");
        this.redisKeys = RedisKeys.of(groupId, mapId);
        this.dataKey = redisKeys.data();
        this.appliedKey = redisKeys.applied();
        this.data = client.getMap(dataKey, ByteArrayCodec.INSTANCE);
        this.reactiveData = client.reactive().getMap(dataKey, ByteArrayCodec.INSTANCE);
        this.applied = client.getBucket(appliedKey, ByteArrayCodec.INSTANCE);
        this.effectsKey = redisKeys.effects();
        this.effects = client.getBucket(effectsKey, ByteArrayCodec.INSTANCE);
        this.requestsKey = redisKeys.requests();
        this.requests = client.getScoredSortedSet(requestsKey, ByteArrayCodec.INSTANCE);
        this.script = client.getScript(ByteArrayCodec.INSTANCE);
        this.legacyKeys = new LegacyKeys(script, mapId, redisKeys);
    }

    /** The names of this map's Redis keys (for tools and tests that look at Redis directly). */
    public RedisKeys redisKeys() {
        return redisKeys;
    }

    /** The Redis key of the hash of map {@code mapId} of a grid with the default group id; see {@link RedisKeys#of}. */
    public static String dataKey(String mapId) {
        return RedisKeys.of(RedisStoreFactory.DEFAULT_GROUP_ID, mapId).data();
    }

    /** The Redis key of the applied log index of map {@code mapId} of a grid with the default group id. */
    public static String appliedKey(String mapId) {
        return RedisKeys.of(RedisStoreFactory.DEFAULT_GROUP_ID, mapId).applied();
    }

    @Override
    public String mapId() {
        return mapId;
    }

    @Override
    public CompletableFuture<Set<Bytes>> appliedRequests() {
        return afterMove(() -> call("ZRANGE " + requestsKey, requests.readAllAsync(),
                ids -> ids.stream().map(Bytes::wrap).collect(java.util.stream.Collectors.toUnmodifiableSet())));
    }

    @Override
    public CompletableFuture<byte[]> lastEffects() {
        return afterMove(() -> call("GET " + effectsKey, effects.getAsync(), stored -> stored == null || stored.length == 0 ? null : stored));
    }

    @Override
    public CompletableFuture<Long> appliedIndex() {
        return afterMove(() -> call("GET " + appliedKey, applied.getAsync(), stored -> stored == null ? 0L : parseIndex(stored)));
    }

    /**
     * {@inheritDoc} One Lua script: compare the index, then DEL (if {@code clearFirst}), HSET, HDEL, SET.
     *
     * @throws IllegalArgumentException if {@code newIndex < expectedIndex} or {@code expectedIndex < 0}
     */
    @Override
    public CompletableFuture<Void> applyFenced(long expectedIndex, long newIndex, StoreWrite write) {
        Objects.requireNonNull(write, "write");
        FencedRemoteMap.requireIndexes(expectedIndex, newIndex);
        List<Object> args = new ArrayList<>(4 + 2 * write.puts().size() + write.removes().size());
        args.add(ascii(expectedIndex));
        args.add(ascii(newIndex));
        args.add(write.clearFirst() ? ONE : ZERO);
        args.add(ascii(write.puts().size()));
        args.add(write.effects() == null ? new byte[0] : write.effects());
        Set<Bytes> requestIds = write.requests() == null ? Set.of() : write.requests().ids();
        args.add(ascii(requestIds.size()));
        args.add(ascii(write.requests() == null ? 0 : write.requests().atMillis()));
        args.add(ascii(write.requests() == null ? 0 : write.requests().forgetBeforeMillis()));
        write.puts().forEach((key, envelope) -> {
            args.add(key.array());
            args.add(envelope.toBytes());
        });
        requestIds.forEach(id -> args.add(id.array()));
        write.removes().forEach(key -> args.add(key.array()));
        return afterMove(() -> call("applyFenced", LuaScript.APPLY_FENCED.<byte[]>eval(script, dataKey, RScript.ReturnType.VALUE,
                List.of(dataKey, appliedKey, effectsKey, requestsKey), args.toArray()), stored -> {
            if (stored != null) {
                throw new StaleLeaderException(mapId, expectedIndex, parseIndex(stored));
            }
            return null;
        }));
    }

    @Override
    public CompletableFuture<Integer> size() {
        return afterMove(() -> call("HLEN " + dataKey, data.sizeAsync(), Function.identity()));
    }

    /** Deletes the hash; the applied index is kept. */
    @Override
    public CompletableFuture<Void> clear() {
        return afterMove(() -> call("DEL " + dataKey, data.deleteAsync(), deleted -> null));
    }

    @Override
    public CompletableFuture<Set<Bytes>> keys() {
        return afterMove(() -> call("HSCAN " + dataKey, reactiveData.keyIterator(SCAN_PAGE)
                .map(Bytes::wrap)
                .collect(() -> (Set<Bytes>) new HashSet<Bytes>(), Set::add)
                .toFuture(), Function.identity()));
    }

    @Override
    public CompletableFuture<Envelope> get(Bytes key) {
        Objects.requireNonNull(key, "key");
        return afterMove(() -> call("HGET " + dataKey, data.getAsync(key.array()), stored -> decode(key, stored)));
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> getAll(Collection<? extends Bytes> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(new HashMap<>());
        }
        // the distinct Bytes, as arrays: Redisson keys its reply by these very arrays
        Set<byte[]> fields = new LinkedHashSet<>();
        new HashSet<Bytes>(keys).forEach(key -> fields.add(key.array()));
        return afterMove(() -> call("HMGET " + dataKey, data.getAllAsync(fields), found -> {
            Map<Bytes, Envelope> result = new HashMap<>(found.size() * 2);
            found.forEach((field, stored) -> {
                if (stored != null) {
                    Bytes key = Bytes.wrap(field);
                    result.put(key, decode(key, stored));
                }
            });
            return result;
        }));
    }

    @Override
    public CompletableFuture<Envelope> set(Bytes key, Envelope value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return setAll(Map.of(key, value)).thenApply(previous -> previous.get(key));
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> setAll(Map<? extends Bytes, ? extends Envelope> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(new HashMap<>());
        }
        List<Bytes> keys = new ArrayList<>(entries.size());
        Object[] args = new Object[entries.size() * 2];
        int i = 0;
        for (Map.Entry<? extends Bytes, ? extends Envelope> entry : entries.entrySet()) {
            Bytes key = Objects.requireNonNull(entry.getKey(), "entries key");
            keys.add(key);
            args[i++] = key.array();
            args[i++] = Objects.requireNonNull(entry.getValue(), "entries value").toBytes();
        }
        return afterMove(() -> call("setAll on " + dataKey, LuaScript.SET_ALL.<List<Object>>eval(script, dataKey,
                RScript.ReturnType.MULTI, List.of(dataKey), args), previous -> zip(keys, previous)));
    }

    @Override
    public CompletableFuture<Envelope> remove(Bytes key) {
        Objects.requireNonNull(key, "key");
        return removeAll(List.of(key)).thenApply(removed -> removed.get(key));
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> removeAll(Collection<? extends Bytes> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(new HashMap<>());
        }
        List<Bytes> distinct = new ArrayList<>(new LinkedHashSet<Bytes>(keys));
        Object[] args = distinct.stream().map(Bytes::array).toArray();
        return afterMove(() -> call("removeAll on " + dataKey, LuaScript.REMOVE_ALL.<List<Object>>eval(script, dataKey,
                RScript.ReturnType.MULTI, List.of(dataKey), args), removed -> zip(distinct, removed)));
    }

    /**
     * Pages through the hash with HSCAN as it is consumed. Weakly consistent: an entry written or
     * removed while iterating may or may not be seen. {@code next()} throws {@link CodecException} for
     * a stored value that is not an envelope, {@link StoreException} when Redis fails.
     */
    @Override
    public Iterator<Map.Entry<Bytes, Envelope>> iterator() {
        if (!legacyKeys.isMoved()) {
            try {
                legacyKeys.moved().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw failure("HSCAN " + dataKey, e);
            }
        }
        Iterator<Map.Entry<byte[], byte[]>> source = data.entrySet(SCAN_PAGE).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return source.hasNext();
                } catch (RuntimeException e) {
                    throw failure("HSCAN " + dataKey, e);
                }
            }

            @Override
            public Map.Entry<Bytes, Envelope> next() {
                Map.Entry<byte[], byte[]> entry;
                try {
                    entry = source.next();
                } catch (java.util.NoSuchElementException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw failure("HSCAN " + dataKey, e);
                }
                Bytes key = Bytes.wrap(entry.getKey());
                return Map.entry(key, decode(key, entry.getValue()));
            }
        };
    }

    private Map<Bytes, Envelope> zip(List<Bytes> keys, List<Object> stored) {
        if (stored == null || stored.size() != keys.size()) {
            throw new StoreException("map '" + mapId + "': Redis answered " + (stored == null ? "nothing" : stored.size() + " values")
                    + " for " + keys.size() + " keys");
        }
        Map<Bytes, Envelope> result = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Object value = stored.get(i);
            if (value != null) {
                result.put(keys.get(i), decode(keys.get(i), (byte[]) value));
            }
        }
        return result;
    }

    private Envelope decode(Bytes key, byte[] stored) {
        if (stored == null) {
            return null;
        }
        try {
            return Envelope.fromBytes(stored);
        } catch (CodecException e) {
            throw new CodecException("map '" + mapId + "', key " + key + " in Redis hash '" + dataKey + "': " + e.getMessage(), e);
        }
    }

    private long parseIndex(byte[] stored) {
        String text = new String(stored, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new io.hamok.exceptions.StoreRefusedException("map '" + mapId + "': Redis key '" + appliedKey + "' holds '" + text
                    + "' (expected: a decimal log index)", e);
        }
    }

    private static byte[] ascii(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    /** Runs the operation once the map's keys of the old layout, if any, were moved ({@link LegacyKeys}). */
    private <T> CompletableFuture<T> afterMove(java.util.function.Supplier<CompletableFuture<T>> operation) {
        if (legacyKeys.isMoved()) {
            return operation.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        legacyKeys.moved().whenComplete((ignored, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure("moving keys of the old layout", failure));
                return;
            }
            try {
                operation.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(failure("an operation after moving keys of the old layout", e));
            }
        });
        return result;
    }

    /** Completes with the mapped reply, or with a hamok exception naming the map and the operation. */
    private <R, T> CompletableFuture<T> call(String operation, CompletionStage<R> reply, Function<R, T> mapper) {
        CompletableFuture<T> result = new CompletableFuture<>();
        reply.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure(operation, failure));
                return;
            }
            try {
                result.complete(mapper.apply(value));
            } catch (RuntimeException e) {
                result.completeExceptionally(failure(operation, e));
            }
        });
        return result;
    }

    private RuntimeException failure(String operation, Throwable failure) {
        Throwable cause = LuaScript.unwrap(failure);
        if (cause instanceof HamokException hamok) {
            return hamok;
        }
        if (cause != null && cause.getClass() == org.redisson.client.RedisException.class) {
            // Redis answered with an error reply (WRONGTYPE, ERR ...): about this map's data, not the connection
            return new io.hamok.exceptions.StoreRefusedException("map '" + mapId + "': " + operation + " failed: " + cause, cause);
        }
        return new StoreException("map '" + mapId + "': " + operation + " failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "RedisRemoteMap[" + mapId + "]";
    }
}
