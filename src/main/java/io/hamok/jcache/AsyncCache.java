package io.hamok.jcache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;

/**
 * The asynchronous methods of a hamok-jcache {@link Cache}, like Hazelcast's {@code ICache} and
 * Redisson's {@code CacheAsync}. Get it with {@code cache.unwrap(AsyncCache.class)} or, typed,
 * {@link #of(Cache)}. Each method has <b>the semantics of its synchronous twin</b> (same result, same
 * statistics, the same expiry-policy, loader and writer calls, the same events); only the waiting differs.
 * Many calls in flight at once let the grid pack their commands into few Raft entries: this is how a
 * few threads reach high write throughput.
 *
 * <p><b>Errors.</b> Precondition failures are <b>thrown by the call itself</b>, as by the synchronous
 * method: {@link NullPointerException} for a null key, value or argument collection, {@link ClassCastException}
 * for a key or value of the wrong configured type, {@link IllegalStateException} when the cache is closed.
 * Everything that happens once the operation runs completes the stage exceptionally with the exception the
 * synchronous method would throw: {@link javax.cache.integration.CacheLoaderException},
 * {@link javax.cache.integration.CacheWriterException},
 * {@link javax.cache.processor.EntryProcessorException}, {@link io.hamok.exceptions.OutcomeUnknownException}
 * when a round trip to the grid took longer than the request timeout (the write may or may not take
 * effect), another {@link javax.cache.CacheException} otherwise, {@link IllegalStateException} if the
 * cache was closed while the call was in flight. {@code toCompletableFuture().get()} reports them as the
 * cause of an {@code ExecutionException}.
 *
 * <p><b>Threads.</b> The call runs on the calling thread up to its first round trip to the store or the
 * grid: the argument checks, the expiry policy's duration and, for {@code put}, {@code putAll},
 * {@code getAndPut}, {@code remove(k)} and {@code getAndRemove}, the write-through {@code CacheWriter}
 * (which, as in the synchronous method, writes before the command is submitted: a slow writer makes the
 * call itself slow). Every step after a round trip (the loader, a writer call that follows a read as in
 * {@code putIfAbsent}, {@code replace} and {@code remove(k, v)}, the entry processor, access expiry) runs on
 * the cache manager's executor (threads named {@code hamok-jcache-loader-N}), or on the calling thread when
 * the round trip answered at once (the embedded in-memory store answers reads at once); never on a Ratis,
 * gRPC or store I/O thread. The returned stage is completed on that executor too, so stages chained with the
 * non-{@code Async} methods do not run on grid threads either. See {@code docs/ASYNC.md}.
 *
 * <p><b>Events and ordering.</b> Synchronous listeners on this peer have seen the call's events before its
 * stage completes. Calls in flight at the same time are not ordered with each other: to order two
 * writes of one key, chain the second on the first's stage.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface AsyncCache<K, V> {

    /**
     * The asynchronous view of a hamok-jcache cache, typed.
     *
     * @throws IllegalArgumentException if {@code cache} is not a hamok-jcache cache
     */
    @SuppressWarnings("unchecked")
    static <K, V> AsyncCache<K, V> of(Cache<K, V> cache) {
        return cache.unwrap(AsyncCache.class);
    }

    /** {@link Cache#get}: the value, or {@code null}; read-through on a miss if configured. */
    CompletionStage<V> getAsync(K key);

    /** {@link Cache#getAll}: the present (or loaded) entries among {@code keys}. */
    CompletionStage<Map<K, V>> getAllAsync(Set<? extends K> keys);

    /** {@link Cache#containsKey}: whether the key has a live entry (no loader, no statistics, no expiry). */
    CompletionStage<Boolean> containsKeyAsync(K key);

    /** {@link Cache#put}: completes when the value is committed and stored. */
    CompletionStage<Void> putAsync(K key, V value);

    /**
     * {@link Cache#putAll}: each entry is stored atomically on its own, not as a transaction. If the writer
     * fails for some entries, the others are stored and the stage fails with the writer's exception.
     */
    CompletionStage<Void> putAllAsync(Map<? extends K, ? extends V> entries);

    /** {@link Cache#putIfAbsent}: true if the value was stored because the key was absent. */
    CompletionStage<Boolean> putIfAbsentAsync(K key, V value);

    /** {@link Cache#getAndPut}: stores the value; the previous value, or {@code null}. */
    CompletionStage<V> getAndPutAsync(K key, V value);

    /** {@link Cache#remove(Object)}: true if an entry was removed. */
    CompletionStage<Boolean> removeAsync(K key);

    /**
     * {@link Cache#remove(Object, Object)}: removes the entry only if its value equals {@code oldValue}
     * (by the cache's {@code equalValues}); atomic across peers (conditioned on the entry's version).
     */
    CompletionStage<Boolean> removeAsync(K key, V oldValue);

    /** {@link Cache#getAndRemove}: the removed value, or {@code null}. */
    CompletionStage<V> getAndRemoveAsync(K key);

    /** {@link Cache#replace(Object, Object)}: true if the key was present and now has {@code value}. */
    CompletionStage<Boolean> replaceAsync(K key, V value);

    /**
     * {@link Cache#replace(Object, Object, Object)}: replaces only if the value equals {@code oldValue};
     * atomic across peers (conditioned on the entry's version).
     */
    CompletionStage<Boolean> replaceAsync(K key, V oldValue, V newValue);

    /** {@link Cache#getAndReplace}: the previous value if the key was present (and replaced), else {@code null}. */
    CompletionStage<V> getAndReplaceAsync(K key, V value);

    /**
     * {@link Cache#invoke}: runs the processor on this peer (on the manager's executor) against a snapshot of
     * the entry and submits its change conditioned on the entry's version; if another write came first,
     * runs it again on a fresh snapshot, so the processor may run more than once. Completes with its result;
     * a processor that throws fails the stage with {@link javax.cache.processor.EntryProcessorException}.
     */
    <T> CompletionStage<T> invokeAsync(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments);
}
