package io.hamok.store;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A built-in store: encoded keys, {@link Envelope}s as values, and an atomic, fenced batch write
 * that also records the last applied log index. This is what makes every committed entry take
 * effect exactly once whoever is leader.
 */
public interface FencedRemoteMap extends RemoteMap<Bytes, Envelope> {
    /** The map id this store holds. */
    String mapId();

    /** The log index of the last entry whose effect is in the store; 0 when none. */
    CompletableFuture<Long> appliedIndex();

    /**
     * The request ids that fenced writes recorded ({@link StoreWrite#requests()}) and the store has not
     * forgotten yet: a new leader loads them once, so that a command appended twice takes effect once.
     */
    CompletableFuture<Set<Bytes>> appliedRequests();

    /** The events the last fenced write that carried any stored ({@link StoreWrite#effects()}), or {@code null}. */
    CompletableFuture<byte[]> lastEffects();

    /**
     * Atomically: if the stored applied index equals {@code expectedIndex}, applies {@code write} and
     * sets the applied index to {@code newIndex}; otherwise changes nothing and fails with
     * {@link io.hamok.exceptions.StaleLeaderException}. Nothing is ever half-written.
     */
    CompletableFuture<Void> applyFenced(long expectedIndex, long newIndex, StoreWrite write);

    /**
     * The argument check every {@link #applyFenced} starts with.
     *
     * @throws IllegalArgumentException if {@code expectedIndex < 0} or {@code newIndex < expectedIndex}
     */
    static void requireIndexes(long expectedIndex, long newIndex) {
        if (expectedIndex < 0) {
            throw new IllegalArgumentException("expectedIndex : " + expectedIndex + " (expected: >= 0)");
        }
        if (newIndex < expectedIndex) {
            throw new IllegalArgumentException("newIndex : " + newIndex + " (expected: >= expectedIndex " + expectedIndex + ")");
        }
    }
}
