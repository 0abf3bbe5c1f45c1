package io.hamok.raft;

/**
 * What a map's near cache on this peer needs from the grid: whether it may serve reads now, and whether
 * a value read from the store may enter it. Opened with {@link Grid#openNearCache}.
 *
 * <p>A value read from the store enters the near cache only through {@link #mayFill}, evaluated
 * atomically with the cache update of that key; the grid calls {@link Invalidations} after it has
 * recorded the entry that may change the key, so a fill racing with an invalidation never brings an old
 * value back.
 */
public interface NearCacheLink extends AutoCloseable {
    /** Receives the grid's invalidations of one map, in log order. */
    interface Invalidations {
        /** An entry that may change this encoded key reached this peer. */
        void invalidate(byte[] key);

        /** An entry that may change every key (a clear), or a gap in what this peer saw. */
        void invalidateAll();
    }

    /** The mode this link was opened with. */
    NearCacheMode mode();

    /** Whether this peer may serve a read from its near cache now (it holds a valid lease and caught up). */
    boolean mayServe();

    /** Call before a store read whose result may fill the near cache; pass the value to {@link #mayFill}. */
    long readStart();

    /**
     * Whether a value read from the store (started at {@code readStart}) may enter the near cache: true only
     * if it reflects every entry touching the key this peer has seen.
     *
     * @param storedVersion the stored entry's version, or 0 when absent
     */
    boolean mayFill(byte[] key, long readStart, long storedVersion);

    /** Stops the invalidations. */
    @Override
    void close();
}
