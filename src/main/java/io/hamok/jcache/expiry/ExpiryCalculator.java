package io.hamok.jcache.expiry;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

import io.hamok.write.Ttl;

/**
 * Asks the cache's {@link ExpiryPolicy} for durations, exactly as JSR-107 prescribes, and turns them into
 * the {@link Ttl} milliseconds a write carries (the leader stamps the deadline). A policy that throws is
 * treated as "eternal" on creation and "unchanged" on access and update, like the reference implementation.
 */
public final class ExpiryCalculator {
    private static final Set<Class<?>> STANDARD = Set.of(EternalExpiryPolicy.class, CreatedExpiryPolicy.class,
            AccessedExpiryPolicy.class, ModifiedExpiryPolicy.class, TouchedExpiryPolicy.class);

    private final ExpiryPolicy policy;
    private final boolean pure;
    private final boolean eternal;

    public ExpiryCalculator(ExpiryPolicy policy) {
        this.policy = policy == null ? new EternalExpiryPolicy() : policy;
        this.pure = STANDARD.contains(this.policy.getClass());
        this.eternal = this.policy.getClass() == EternalExpiryPolicy.class;
    }

    /**
     * True for the standard policies, whose answers are constant and free of side effects: then writes may
     * ask for both the creation and the update duration up front instead of reading the entry first.
     */
    public boolean pure() {
        return pure;
    }

    /** True when entries never expire and accesses change nothing. */
    public boolean eternal() {
        return eternal;
    }

    /** TTL for a new entry: a positive millisecond count, {@link Ttl#ETERNAL} or 0 (not stored). */
    public long creation() {
        try {
            Duration duration = policy.getExpiryForCreation();
            return duration == null ? Ttl.ETERNAL : toTtl(duration);
        } catch (Throwable t) {
            return Ttl.ETERNAL;
        }
    }

    /** TTL after an update: milliseconds, {@link Ttl#ETERNAL}, {@link Ttl#UNCHANGED} or 0 (expire now). */
    public long update() {
        try {
            Duration duration = policy.getExpiryForUpdate();
            return duration == null ? Ttl.UNCHANGED : toTtl(duration);
        } catch (Throwable t) {
            return Ttl.UNCHANGED;
        }
    }

    /** TTL after an access: milliseconds, {@link Ttl#ETERNAL}, {@link Ttl#UNCHANGED} or 0 (expire now). */
    public long access() {
        try {
            Duration duration = policy.getExpiryForAccess();
            return duration == null ? Ttl.UNCHANGED : toTtl(duration);
        } catch (Throwable t) {
            return Ttl.UNCHANGED;
        }
    }

    private static long toTtl(Duration duration) {
        if (duration.isEternal()) {
            return Ttl.ETERNAL;
        }
        if (duration.isZero()) {
            return 0;
        }
        return Math.max(1, duration.getTimeUnit().toMillis(duration.getDurationAmount()));
    }

    /** Closes the policy if it is {@link Closeable}. */
    public void close() {
        if (policy instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException ignored) {
                // closing a policy must not stop the cache from closing
            }
        }
    }
}
