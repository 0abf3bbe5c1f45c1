package io.hamok.store;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where a HamokRemoteMap keeps its data: the seed's {@code RemoteMap} in Java, asynchronous.
 * Only the Raft leader calls the mutating methods, one call at a time, in log order.
 *
 * <p>A user-written typed {@code RemoteMap} works with the weaker guarantee described in
 * {@code docs/GUARANTEES.md}: without {@link FencedRemoteMap} a new leader cannot know which entries
 * the old one applied, so entries in flight at a failover may be lost (never applied twice).
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface RemoteMap<K, V> {
    /** Number of entries. */
    CompletableFuture<Integer> size();

    /** Removes every entry. */
    CompletableFuture<Void> clear();

    /** A snapshot of the keys. */
    CompletableFuture<Set<K>> keys();

    /** The value for the key, or {@code null}. */
    CompletableFuture<V> get(K key);

    /** The present entries among the keys. */
    CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys);

    /** Sets the value; completes with the previous value or {@code null}. */
    CompletableFuture<V> set(K key, V value);

    /** Sets every entry; completes with the previous values of the keys that existed. */
    CompletableFuture<Map<K, V>> setAll(Map<? extends K, ? extends V> entries);

    /** Removes the key; completes with the removed value or {@code null}. */
    CompletableFuture<V> remove(K key);

    /** Removes the keys; completes with the removed entries. */
    CompletableFuture<Map<K, V>> removeAll(Collection<? extends K> keys);

    /** Iterates the entries, fetching them lazily; reflects the store as it is while iterating. */
    Iterator<Map.Entry<K, V>> iterator();
}
