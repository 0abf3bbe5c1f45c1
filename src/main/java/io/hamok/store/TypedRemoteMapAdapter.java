package io.hamok.store;

import io.hamok.codec.Codec;
import io.hamok.exceptions.StaleLeaderException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Lets the leader use a user-written typed {@link RemoteMap} like a built-in store: keys and values
 * are decoded with the map's codecs on the way in and encoded on the way out, so the user map holds
 * its own types in its own format.
 *
 * <p>What a user map cannot offer, and what this adapter does instead:
 * <ul>
 *   <li><b>No fencing.</b> The applied index lives in this adapter's memory only (starting at the
 *       value given to the constructor), so {@link #applyFenced} refuses a stale expected index only
 *       for writers in this JVM. After a leader failover the new leader cannot know which entries the
 *       old one wrote: <b>entries in flight at a failover may be lost, but are never applied twice.</b></li>
 *   <li><b>No atomic batch.</b> {@link #applyFenced} calls the user map's {@code clear}, {@code setAll}
 *       and {@code removeAll} one after another; readers may see a batch half-applied. If a call fails,
 *       the applied index stays where it was.</li>
 *   <li><b>No expiry.</b> Every entry reads as eternal ({@link Envelope#ETERNAL}); the deadline of an
 *       envelope written through this adapter is ignored.</li>
 *   <li><b>Versions are content hashes.</b> An entry's version is {@link #versionOf(byte[])} of its encoded
 *       value, so a version condition means "the value is still the one the caller read" (an A-B-A change
 *       passes it). The version of an envelope written through this adapter is ignored.</li>
 * </ul>
 * The value codec must encode equal values to equal bytes for versions to be stable.
 *
 * @param <K> the user map's key type
 * @param <V> the user map's value type
 */
public final class TypedRemoteMapAdapter<K, V> implements FencedRemoteMap {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final String mapId;
    private final RemoteMap<K, V> target;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private volatile long appliedIndex;
    private volatile byte[] lastEffects;
    /** The last fenced write: the next one runs after it, so two writers never both pass the index check. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /**
     * @param mapId        the map id this store holds
     * @param target       the user's typed map
     * @param keyCodec     the map's key codec (deterministic)
     * @param valueCodec   the map's value codec
     * @param appliedIndex the applied index to start from (the log index up to which the user map is known to be current)
     * @throws IllegalArgumentException if the map id is blank or the index negative
     */
    public TypedRemoteMapAdapter(String mapId, RemoteMap<K, V> target, Codec<K> keyCodec, Codec<V> valueCodec,
                                 long appliedIndex) {
        if (mapId == null || mapId.isBlank()) {
            throw new IllegalArgumentException("mapId : '" + mapId + "' (expected: a non-blank string)");
        }
        if (appliedIndex < 0) {
            throw new IllegalArgumentException("appliedIndex : " + appliedIndex + " (expected: >= 0)");
        }
        this.mapId = mapId;
        this.target = Objects.requireNonNull(target, "target");
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
        this.appliedIndex = appliedIndex;
    }

    /**
     * The version this adapter gives a value: a 64-bit hash of its encoded bytes. Equal bytes give equal
     * versions in every JVM; different bytes collide with negligible probability.
     */
    public static long versionOf(byte[] encodedValue) {
        int length = encodedValue.length;
        long hash = 0x9E3779B97F4A7C15L ^ (length * 0xC2B2AE3D27D4EB4FL);
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            hash = Long.rotateLeft(hash ^ scramble((long) LONG_LE.get(encodedValue, i)), 27) * 0x9E3779B97F4A7C15L + 0x52DCE729L;
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (encodedValue[i] & 0xFFL) << shift;
        }
        hash ^= scramble(tail);
        hash ^= hash >>> 33;
        hash *= 0xFF51AFD7ED558CCDL;
        hash ^= hash >>> 33;
        hash *= 0xC4CEB9FE1A85EC53L;
        return hash ^ (hash >>> 33);
    }

    private static long scramble(long word) {
        return Long.rotateLeft(word * 0x87C37B91114253D5L, 31) * 0x4CF5AD432745937FL;
    }

    @Override
    public String mapId() {
        return mapId;
    }

    /** The events of the last write that carried any, held in this adapter's memory. */
    @Override
    public CompletableFuture<byte[]> lastEffects() {
        return CompletableFuture.completedFuture(lastEffects);
    }

    /**
     * None: a user-written map cannot record request ids atomically with its writes. A new leader still
     * never executes an entry a follower saw executed (see the class comment).
     */
    @Override
    public CompletableFuture<Set<Bytes>> appliedRequests() {
        return CompletableFuture.completedFuture(Set.of());
    }

    /** The applied index held in this adapter's memory (see the class comment). */
    @Override
    public CompletableFuture<Long> appliedIndex() {
        return CompletableFuture.completedFuture(appliedIndex);
    }

    /**
     * Records that the entries up to {@code index} were executed by another peer's leadership, so
     * that this peer skips them if it leads later: with no fencing in the user's store, an entry in
     * flight at a failover may be lost, but is never applied twice.
     */
    public synchronized void assumeAppliedThrough(long index) {
        if (index > appliedIndex) {
            appliedIndex = index;
        }
    }

    /**
     * {@inheritDoc} The check is in memory only and the write is not atomic: see the class comment.
     * Keys and values are decoded first, so a codec failure changes nothing.
     *
     * @throws IllegalArgumentException if {@code newIndex < expectedIndex} or {@code expectedIndex < 0}
     */
    @Override
    public CompletableFuture<Void> applyFenced(long expectedIndex, long newIndex, StoreWrite write) {
        Objects.requireNonNull(write, "write");
        FencedRemoteMap.requireIndexes(expectedIndex, newIndex);
        Map<K, V> puts;
        List<K> removes;
        try {
            puts = decodeEntries(write.puts());
            removes = decodeKeys(write.removes());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        synchronized (this) {
            CompletableFuture<Void> run = tail.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> applyInOrder(expectedIndex, newIndex, write.clearFirst(), puts, removes, write.effects()));
            tail = run;
            return run;
        }
    }

    /** Runs only after the previous fenced write finished, so the index check and update do not race. */
    private CompletableFuture<Void> applyInOrder(long expectedIndex, long newIndex, boolean clearFirst, Map<K, V> puts,
                                                 List<K> removes, byte[] effects) {
        long stored;
        synchronized (this) {
            stored = appliedIndex;
        }
        if (stored != expectedIndex) {
            return CompletableFuture.failedFuture(new StaleLeaderException(mapId, expectedIndex, stored));
        }
        CompletableFuture<?> step = clearFirst ? call(target::clear) : CompletableFuture.completedFuture(null);
        if (!puts.isEmpty()) {
            step = step.thenCompose(ignored -> call(() -> target.setAll(puts)));
        }
        if (!removes.isEmpty()) {
            step = step.thenCompose(ignored -> call(() -> target.removeAll(removes)));
        }
        return step.thenRun(() -> {
            if (effects != null) {
                lastEffects = effects;
            }
            assumeAppliedThrough(newIndex);
        });
    }

    @Override
    public CompletableFuture<Integer> size() {
        return call(target::size);
    }

    @Override
    public CompletableFuture<Void> clear() {
        return call(target::clear);
    }

    @Override
    public CompletableFuture<Set<Bytes>> keys() {
        return call(target::keys).thenApply(keys -> {
            Set<Bytes> encoded = new HashSet<>(keys.size() * 2);
            keys.forEach(key -> encoded.add(encodeKey(key)));
            return encoded;
        });
    }

    @Override
    public CompletableFuture<Envelope> get(Bytes key) {
        Objects.requireNonNull(key, "key");
        return call(() -> target.get(keyCodec.decode(key.array()))).thenApply(this::envelope);
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> getAll(Collection<? extends Bytes> keys) {
        Objects.requireNonNull(keys, "keys");
        Map<K, Bytes> requested = new LinkedHashMap<>();
        return call(() -> {
            for (Bytes key : keys) {
                requested.put(keyCodec.decode(key.array()), key);
            }
            return target.getAll(requested.keySet());
        }).thenApply(found -> encodeEntries(found, requested));
    }

    /** Stores the decoded value; the envelope's version and deadline are ignored. */
    @Override
    public CompletableFuture<Envelope> set(Bytes key, Envelope value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return call(() -> target.set(keyCodec.decode(key.array()), valueCodec.decode(value.value()))).thenApply(this::envelope);
    }

    /** Stores the decoded values; the envelopes' versions and deadlines are ignored. */
    @Override
    public CompletableFuture<Map<Bytes, Envelope>> setAll(Map<? extends Bytes, ? extends Envelope> entries) {
        Objects.requireNonNull(entries, "entries");
        Map<K, Bytes> requested = new HashMap<>();
        return call(() -> {
            Map<K, V> decoded = new HashMap<>();
            entries.forEach((key, envelope) -> {
                K typedKey = keyCodec.decode(key.array());
                requested.put(typedKey, key);
                decoded.put(typedKey, valueCodec.decode(envelope.value()));
            });
            return target.setAll(decoded);
        }).thenApply(previous -> encodeEntries(previous, requested));
    }

    @Override
    public CompletableFuture<Envelope> remove(Bytes key) {
        Objects.requireNonNull(key, "key");
        return call(() -> target.remove(keyCodec.decode(key.array()))).thenApply(this::envelope);
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> removeAll(Collection<? extends Bytes> keys) {
        Objects.requireNonNull(keys, "keys");
        Map<K, Bytes> requested = new HashMap<>();
        return call(() -> {
            for (Bytes key : keys) {
                requested.put(keyCodec.decode(key.array()), key);
            }
            return target.removeAll(requested.keySet());
        }).thenApply(removed -> encodeEntries(removed, requested));
    }

    /** The user map's iterator, encoding each entry as it is consumed. */
    @Override
    public Iterator<Map.Entry<Bytes, Envelope>> iterator() {
        Iterator<Map.Entry<K, V>> source = target.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Map.Entry<Bytes, Envelope> next() {
                Map.Entry<K, V> entry = source.next();
                return Map.entry(encodeKey(entry.getKey()), envelope(entry.getValue()));
            }
        };
    }

    private Envelope envelope(V value) {
        if (value == null) {
            return null;
        }
        byte[] encoded = valueCodec.encode(value);
        return new Envelope(encoded, versionOf(encoded), Envelope.ETERNAL);
    }

    private Bytes encodeKey(K key) {
        return Bytes.wrap(keyCodec.encode(key));
    }

    private Map<Bytes, Envelope> encodeEntries(Map<K, V> entries, Map<K, Bytes> requested) {
        Map<Bytes, Envelope> encoded = new HashMap<>();
        if (entries != null) {
            entries.forEach((key, value) -> {
                if (value != null) {
                    Bytes bytes = requested.get(key);
                    encoded.put(bytes != null ? bytes : encodeKey(key), envelope(value));
                }
            });
        }
        return encoded;
    }

    private Map<K, V> decodeEntries(Map<Bytes, Envelope> entries) {
        Map<K, V> decoded = new HashMap<>(entries.size() * 2);
        entries.forEach((key, envelope) -> decoded.put(keyCodec.decode(key.array()), valueCodec.decode(envelope.value())));
        return decoded;
    }

    private List<K> decodeKeys(Collection<Bytes> keys) {
        List<K> decoded = new ArrayList<>(keys.size());
        keys.forEach(key -> decoded.add(keyCodec.decode(key.array())));
        return decoded;
    }

    /** Calls the user map; an exception it throws, or a null future, becomes a failed future. */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation) {
        try {
            CompletableFuture<T> future = operation.get();
            if (future == null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the RemoteMap of map '" + mapId + "' (" + target.getClass().getName() + ") returned a null future"));
            }
            return future;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String toString() {
        return "TypedRemoteMapAdapter[" + mapId + " -> " + target.getClass().getName() + "]";
    }
}
