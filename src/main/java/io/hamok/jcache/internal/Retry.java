package io.hamok.jcache.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.CacheException;

/**
 * The attempts of an operation conditioned on an entry's version ({@code replace(k, old, new)},
 * {@code invoke}, ...): the first at once, each later one after a short random back-off, for as long as
 * the cache's request timeout allows. A fixed number of immediate retries lets the peers far from the
 * leader lose every race on a hot key; backing off spreads the contenders and the deadline bounds the wait.
 */
public final class Retry {
    private static final long MAX_BACKOFF_MICROS = 20_000;

    private final long deadline;
    private int attempts;

    public Retry(Duration timeout) {
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * True when another attempt may be made (after backing off, unless it is the first).
     *
     * @throws CacheException if interrupted while backing off
     */
    public boolean again() {
        if (attempts++ == 0) {
            return true;
        }
        if (System.nanoTime() - deadline >= 0) {
            return false;
        }
        long bound = Math.min(MAX_BACKOFF_MICROS, 500L << Math.min(attempts, 6));
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(bound)));
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted while retrying a conditional write");
        }
        return System.nanoTime() - deadline < 0;
    }

    /**
     * The non-blocking {@link #again()}: nanoseconds to wait before the next attempt (0 for the first, at
     * least 1 for later ones), or -1 when the request timeout has passed and no attempt may be made.
     */
    public long nextDelayNanos() {
        if (attempts++ == 0) {
            return 0;
        }
        long now = System.nanoTime();
        if (now - deadline >= 0) {
            return -1;
        }
        long bound = Math.min(MAX_BACKOFF_MICROS, 500L << Math.min(attempts, 6));
        long delay = Math.max(1, TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(bound)));
        return now + delay - deadline < 0 ? delay : -1;
    }

    /** True before the second attempt starts. */
    public boolean first() {
        return attempts == 1;
    }
}
