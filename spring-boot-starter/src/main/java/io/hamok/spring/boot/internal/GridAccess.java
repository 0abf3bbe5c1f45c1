package io.hamok.spring.boot.internal;

import io.hamok.raft.Grid;
import io.hamok.raft.GridStatus;
import java.util.Objects;
import javax.cache.CacheManager;

/**
 * The grid peer behind a hamok {@link CacheManager}, reached on first use (that starts the peer if no
 * cache has), and its status read at most every {@value #STATUS_MILLIS} ms, so that a scrape of many
 * gauges reads Ratis once.
 */
public final class GridAccess {
    static final long STATUS_MILLIS = 200;

    private final CacheManager manager;
    private volatile Grid grid;
    private volatile GridStatus status;
    private volatile long readAt;

    public GridAccess(CacheManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** The grid peer; starts it if no cache did. */
    public Grid grid() {
        Grid known = grid;
        if (known == null) {
            known = manager.unwrap(Grid.class);
            grid = known;
        }
        return known;
    }

    /** A recent status (at most {@value #STATUS_MILLIS} ms old). */
    public GridStatus status() {
        long now = System.nanoTime();
        GridStatus known = status;
        if (known == null || now - readAt > STATUS_MILLIS * 1_000_000) {
            known = grid().status();
            status = known;
            readAt = now;
        }
        return known;
    }

    /** The cache manager. */
    public CacheManager manager() {
        return manager;
    }
}
