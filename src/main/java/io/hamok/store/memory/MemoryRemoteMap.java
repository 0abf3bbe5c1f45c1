package io.hamok.store.memory;

import io.hamok.exceptions.StaleLeaderException;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreWrite;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * The embedded built-in store of one map: the entries live in this JVM, in a concurrent hash map.
 * Every future is already complete when returned.
 *
 * <p>Writes hold an exclusive lock, so {@link #applyFenced} and the multi-key writes are atomic.
 * Reads are lock-free in the common case (an optimistic read that is retried under a shared lock only
 * when a write ran meanwhile), so a read never sees half of a batch. {@link #iterator()} is the
 * exception: it is lazy and weakly consistent, as the contract allows.
 *
 * <p>Obtain instances from {@link MemoryStoreFactory#open(String)}.
 */
public final class MemoryRemoteMap implements FencedRemoteMap {
    private final String mapId;
    private final ConcurrentHashMap<Bytes, Envelope> entries = new ConcurrentHashMap<>();
    private final StampedLock lock = new StampedLock();
    private volatile long appliedIndex;
    private volatile byte[] lastEffects;
    /** Recorded request ids and when, oldest first (guarded by the write lock). */
    private final java.util.LinkedHashMap<Bytes, Long> requests = new java.util.LinkedHashMap<>();
    private volatile boolean closed;

    MemoryRemoteMap(String mapId) {
        this.mapId = Objects.requireNonNull(mapId, "mapId");
    }

    @Override
    public String mapId() {
        return mapId;
    }

    @Override
    public CompletableFuture<Long> appliedIndex() {
        return read(() -> appliedIndex);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code newIndex < expectedIndex}
     */
    @Override
    public CompletableFuture<Void> applyFenced(long expectedIndex, long newIndex, StoreWrite write) {
        Objects.requireNonNull(write, "write");
        FencedRemoteMap.requireIndexes(expectedIndex, newIndex);
        return write(() -> {
            long stored = appliedIndex;
            if (stored != expectedIndex) {
                throw new StaleLeaderException(mapId, expectedIndex, stored);
            }
            if (write.clearFirst()) {
                entries.clear();
            }
            entries.putAll(write.puts());
            write.removes().forEach(entries::remove);
            if (write.effects() != null) {
                lastEffects = write.effects();
            }
            if (write.requests() != null) {
                write.requests().ids().forEach(id -> requests.put(id, write.requests().atMillis()));
                requests.values().removeIf(at -> at < write.requests().forgetBeforeMillis());
            }
            appliedIndex = newIndex;
            return null;
        });
    }

    @Override
    public CompletableFuture<java.util.Set<Bytes>> appliedRequests() {
        return read(() -> java.util.Set.copyOf(requests.keySet()));
    }

    @Override
    public CompletableFuture<byte[]> lastEffects() {
        return CompletableFuture.completedFuture(lastEffects);
    }

    @Override
    public CompletableFuture<Integer> size() {
        return read(entries::size);
    }

    @Override
    public CompletableFuture<Void> clear() {
        return write(() -> {
            entries.clear();
            return null;
        });
    }

    @Override
    public CompletableFuture<Set<Bytes>> keys() {
        return read(() -> Set.copyOf(entries.keySet()));
    }

    @Override
    public CompletableFuture<Envelope> get(Bytes key) {
        Objects.requireNonNull(key, "key");
        return read(() -> entries.get(key));
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> getAll(Collection<? extends Bytes> keys) {
        Set<Bytes> wanted = new HashSet<>(Objects.requireNonNull(keys, "keys"));
        return read(() -> {
            Map<Bytes, Envelope> found = new HashMap<>(wanted.size() * 2);
            for (Bytes key : wanted) {
                Envelope envelope = entries.get(key);
                if (envelope != null) {
                    found.put(key, envelope);
                }
            }
            return found;
        });
    }

    @Override
    public CompletableFuture<Envelope> set(Bytes key, Envelope value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return write(() -> entries.put(key, value));
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> setAll(Map<? extends Bytes, ? extends Envelope> values) {
        Map<Bytes, Envelope> copy = Map.copyOf(Objects.requireNonNull(values, "entries"));
        return write(() -> {
            Map<Bytes, Envelope> previous = new HashMap<>();
            copy.forEach((key, value) -> {
                Envelope old = entries.put(key, value);
                if (old != null) {
                    previous.put(key, old);
                }
            });
            return previous;
        });
    }

    @Override
    public CompletableFuture<Envelope> remove(Bytes key) {
        Objects.requireNonNull(key, "key");
        return write(() -> entries.remove(key));
    }

    @Override
    public CompletableFuture<Map<Bytes, Envelope>> removeAll(Collection<? extends Bytes> keys) {
        Set<Bytes> copy = Set.copyOf(Objects.requireNonNull(keys, "keys"));
        return write(() -> {
            Map<Bytes, Envelope> removed = new HashMap<>();
            for (Bytes key : copy) {
                Envelope old = entries.remove(key);
                if (old != null) {
                    removed.put(key, old);
                }
            }
            return removed;
        });
    }

    /** Lazy and weakly consistent: may or may not reflect writes made while iterating. */
    @Override
    public Iterator<Map.Entry<Bytes, Envelope>> iterator() {
        requireOpen();
        Iterator<Map.Entry<Bytes, Envelope>> source = entries.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Map.Entry<Bytes, Envelope> next() {
                Map.Entry<Bytes, Envelope> entry = source.next();
                return Map.entry(entry.getKey(), entry.getValue());
            }
        };
    }

    /** Drops the data and refuses every later call: its store was released by the last factory. */
    void drop() {
        long stamp = lock.writeLock();
        try {
            closed = true;
            entries.clear();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("in-memory store of map '" + mapId
                    + "' is closed: every MemoryStoreFactory that shared it was closed");
        }
    }

    private <T> CompletableFuture<T> read(Supplier<T> reader) {
        try {
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                T result = reader.get();
                if (lock.validate(stamp)) {
                    requireOpen();
                    return CompletableFuture.completedFuture(result);
                }
            }
            stamp = lock.readLock();
            try {
                requireOpen();
                return CompletableFuture.completedFuture(reader.get());
            } finally {
                lock.unlockRead(stamp);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletableFuture<T> write(Supplier<T> writer) {
        long stamp = lock.writeLock();
        try {
            requireOpen();
            return CompletableFuture.completedFuture(writer.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public String toString() {
        return "MemoryRemoteMap[" + mapId + "]";
    }
}
