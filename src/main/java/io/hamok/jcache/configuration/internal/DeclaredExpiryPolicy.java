package io.hamok.jcache.configuration.internal;

import java.io.Serializable;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The expiry policy of a declared cache: a duration after creation, and optionally a new one after
 * each access or each update ({@code null}: that operation leaves the expiry as it is).
 */
public record DeclaredExpiryPolicy(Duration created, Duration accessed, Duration modified)
        implements ExpiryPolicy, Serializable {
    @Override
    public Duration getExpiryForCreation() {
        return created;
    }

    @Override
    public Duration getExpiryForAccess() {
        return accessed;
    }

    @Override
    public Duration getExpiryForUpdate() {
        return modified;
    }
}
