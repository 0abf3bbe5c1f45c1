package io.hamok.map;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A distributed key-value map whose data lives in a remote store and whose every mutation is a Raft
 * log entry executed by the leader in log order (the seed's HamokRemoteMap in Java).
 * All methods are asynchronous; after {@link #close()} each fails with {@link IllegalStateException}.
 * Null keys and values are refused with {@link NullPointerException}.
 */
public final class HamokRemoteMap<K, V> implements AutoCloseable {
    // API SKELETON: implementation in progress
    public String id() { throw new UnsupportedOperationException(); }
    public boolean isClosed() { throw new UnsupportedOperationException(); }
    public HamokRemoteMapConfig<K, V> config() { throw new UnsupportedOperationException(); }
    @Override public void close() { throw new UnsupportedOperationException(); }
    public void addListener(MapListener<K, V> listener) { throw new UnsupportedOperationException(); }
    public void removeListener(MapListener<K, V> listener) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Integer> size() { throw new UnsupportedOperationException(); }
    public CompletableFuture<Boolean> isEmpty() { throw new UnsupportedOperationException(); }
    public CompletableFuture<Set<K>> keys() { throw new UnsupportedOperationException(); }
    public CompletableFuture<Void> clear() { throw new UnsupportedOperationException(); }
    public CompletableFuture<V> get(K key) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys) { throw new UnsupportedOperationException(); }
    public CompletableFuture<V> set(K key, V value) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Map<K, V>> setAll(Map<? extends K, ? extends V> entries) { throw new UnsupportedOperationException(); }
    public CompletableFuture<V> insert(K key, V value) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Map<K, V>> insertAll(Map<? extends K, ? extends V> entries) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Boolean> delete(K key) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Set<K>> deleteAll(Collection<? extends K> keys) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Boolean> remove(K key) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Map<K, V>> removeAll(Collection<? extends K> keys) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Boolean> updateIf(K key, V value, V oldValue) { throw new UnsupportedOperationException(); }
    public Iterator<Map.Entry<K, V>> iterator() { throw new UnsupportedOperationException(); }
    public CompletableFuture<Void> sync() { throw new UnsupportedOperationException(); }
    public CompletableFuture<VersionedValue<V>> getEntry(K key) { throw new UnsupportedOperationException(); }
    public CompletableFuture<Map<K, VersionedValue<V>>> getEntries(Collection<? extends K> keys) { throw new UnsupportedOperationException(); }
    public CompletableFuture<List<WriteResult<V>>> write(List<KeyWrite<K, V>> writes, boolean returnOld) { throw new UnsupportedOperationException(); }
}
