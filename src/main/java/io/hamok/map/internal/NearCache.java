package io.hamok.map.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hamok.map.NearCacheStatistics;
import io.hamok.raft.Grid;
import io.hamok.raft.NearCacheLink;
import io.hamok.raft.NearCacheMode;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import java.util.concurrent.atomic.LongAdder;

/**
 * A map's near cache on this peer: encoded keys to stored envelopes (or "absent"), bounded by Caffeine.
 * Values stay encoded, so every hit decodes a fresh copy (store-by-value). The grid's {@link NearCacheLink}
 * says when it may serve and whether a store read may enter it; fills go through {@code compute}, so a
 * fill and an invalidation of the same key never interleave.
 */
public final class NearCache implements NearCacheLink.Invalidations, AutoCloseable {
    /** A cached read: the envelope, or {@code null} for a key known absent. */
    public record Cached(Envelope envelope) {}

    private static final Cached ABSENT = new Cached(null);

    private final Cache<Bytes, Cached> cache;
    private final NearCacheLink link;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder invalidations = new LongAdder();

    /**
     * Opens the near cache of a map.
     *
     * @param versioned whether the store's versions are store indexes (built-in stores)
     * @throws IllegalArgumentException if the mode is {@code OFF} or {@code maxEntries} is not positive
     */
    public NearCache(Grid grid, String mapId, NearCacheMode mode, int maxEntries, boolean versioned) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("nearCacheMaxEntries : " + maxEntries + " (expected: > 0)");
        }
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
        this.link = grid.openNearCache(mapId, mode, versioned, this);
    }

    /** The cached read of a key, or {@code null} on a miss (including while the peer may not serve). */
    public Cached lookup(Bytes key, long nowMillis) {
        if (link.mayServe()) {
            Cached cached = cache.getIfPresent(key);
            if (cached != null && (cached.envelope() == null || !cached.envelope().isExpired(nowMillis))) {
                hits.increment();
                return cached;
            }
            if (cached != null) {
                cache.asMap().remove(key, cached);
            }
        }
        misses.increment();
        return null;
    }

    /** Call before the store read of a miss. */
    public long readStart() {
        return link.readStart();
    }

    /** Offers what the store read returned; it enters only if no entry it does not reflect touched the key. */
    public void fill(Bytes key, Envelope envelope, long readStart, long nowMillis) {
        if (envelope != null && envelope.isExpired(nowMillis)) {
            return;
        }
        Cached value = envelope == null ? ABSENT : new Cached(envelope);
        long version = envelope == null ? 0 : envelope.version();
        cache.asMap().compute(key, (k, old) -> link.mayFill(k.array(), readStart, version) ? value : old);
    }

    /** Drops a key this peer found outdated (a version-conditioned write did not apply). */
    public void drop(Bytes key) {
        cache.invalidate(key);
    }

    @Override
    public void invalidate(byte[] key) {
        if (cache.asMap().remove(Bytes.wrap(key)) != null) {
            invalidations.increment();
        }
    }

    @Override
    public void invalidateAll() {
        long size = cache.estimatedSize();
        cache.invalidateAll();
        if (size > 0) {
            invalidations.add(size);
        }
    }

    public NearCacheStatistics statistics() {
        return new NearCacheStatistics(link.mode(), hits.sum(), misses.sum(), invalidations.sum(), cache.estimatedSize());
    }

    @Override
    public void close() {
        link.close();
        cache.invalidateAll();
    }
}
