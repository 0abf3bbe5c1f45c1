package io.hamok.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A user-written typed store for tests: a synchronized HashMap, every future already complete. */
public class HashMapRemoteMap<K, V> implements RemoteMap<K, V> {
    protected final Map<K, V> data = new HashMap<>();

    /** A copy of the content. */
    public synchronized Map<K, V> snapshot() {
        return new HashMap<>(data);
    }

    @Override
    public synchronized CompletableFuture<Integer> size() {
        return CompletableFuture.completedFuture(data.size());
    }

    @Override
    public synchronized CompletableFuture<Void> clear() {
        data.clear();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Set<K>> keys() {
        return CompletableFuture.completedFuture(Set.copyOf(data.keySet()));
    }

    @Override
    public synchronized CompletableFuture<V> get(K key) {
        return CompletableFuture.completedFuture(data.get(key));
    }

    @Override
    public synchronized CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys) {
        Map<K, V> found = new HashMap<>();
        keys.forEach(key -> {
            V value = data.get(key);
            if (value != null) {
                found.put(key, value);
            }
        });
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public synchronized CompletableFuture<V> set(K key, V value) {
        return CompletableFuture.completedFuture(data.put(key, value));
    }

    @Override
    public synchronized CompletableFuture<Map<K, V>> setAll(Map<? extends K, ? extends V> entries) {
        Map<K, V> previous = new HashMap<>();
        entries.forEach((key, value) -> {
            V old = data.put(key, value);
            if (old != null) {
                previous.put(key, old);
            }
        });
        return CompletableFuture.completedFuture(previous);
    }

    @Override
    public synchronized CompletableFuture<V> remove(K key) {
        return CompletableFuture.completedFuture(data.remove(key));
    }

    @Override
    public synchronized CompletableFuture<Map<K, V>> removeAll(Collection<? extends K> keys) {
        Map<K, V> removed = new HashMap<>();
        keys.forEach(key -> {
            V old = data.remove(key);
            if (old != null) {
                removed.put(key, old);
            }
        });
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public synchronized Iterator<Map.Entry<K, V>> iterator() {
        return List.copyOf(data.entrySet()).iterator();
    }
}
