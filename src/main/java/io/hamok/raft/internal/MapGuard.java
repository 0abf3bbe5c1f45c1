package io.hamok.raft.internal;

import io.hamok.raft.NearCacheLink;
import io.hamok.raft.NearCacheMode;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The grid's side of one near cache: per key (in 1,024 stripes, over-approximating) the highest log index
 * of an entry seen here that may change it, and a floor for all keys (a clear, the opening, a snapshot
 * installed). A store read may fill the cache only if it reflects every such entry: it began after the
 * store had executed them, or the stored version is at least the latest of them.
 */
final class MapGuard implements NearCacheLink {
    private static final int STRIPES = 1024;

    private final String mapId;
    private final NearCacheMode mode;
    private final boolean versioned;
    private final Invalidations invalidations;
    private final NearCaches owner;
    private final AtomicLongArray touched = new AtomicLongArray(STRIPES);
    private final AtomicLong floor = new AtomicLong();

    MapGuard(String mapId, NearCacheMode mode, boolean versioned, Invalidations invalidations, NearCaches owner) {
        this.mapId = mapId;
        this.mode = mode;
        this.versioned = versioned;
        this.invalidations = invalidations;
        this.owner = owner;
    }

    String mapId() {
        return mapId;
    }

    @Override
    public NearCacheMode mode() {
        return mode;
    }

    /** An entry at {@code index} may change this key: recorded first, then the cached copy is dropped. */
    void touch(byte[] key, long index) {
        touched.accumulateAndGet(stripe(key), index, Math::max);
        invalidations.invalidate(key);
    }

    /** Every key may have changed through {@code index}. */
    void touchAll(long index) {
        floor.accumulateAndGet(index, Math::max);
        invalidations.invalidateAll();
    }

    @Override
    public boolean mayServe() {
        return owner.mayServe(mode == NearCacheMode.LINEARIZABLE);
    }

    @Override
    public long readStart() {
        return owner.executedThrough();
    }

    @Override
    public boolean mayFill(byte[] key, long readStart, long storedVersion) {
        long last = Math.max(floor.get(), touched.get(stripe(key)));
        if (last <= readStart) {
            return true;
        }
        long base = owner.storeIndexBase();
        return versioned && base >= 0 && storedVersion >= base + last;
    }

    @Override
    public void close() {
        owner.unregister(this);
    }

    private static int stripe(byte[] key) {
        int h = Arrays.hashCode(key);
        h ^= h >>> 16;
        return h & (STRIPES - 1);
    }
}
