package io.hamok.jcache.configuration;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiPredicate;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;

import io.hamok.codec.Codec;

/**
 * A JCache configuration with hamok's per-cache options. Every option has a default, so a plain
 * {@link MutableConfiguration} works as well. Caches are always store-by-value: keys and values are
 * encoded by the codecs (default: Java serialization restricted to an allow-list, see
 * {@code docs/CONFIGURATION.md}).
 *
 * @param <K> key type
 * @param <V> value type
 */
public class HamokConfiguration<K, V> extends MutableConfiguration<K, V> {
    private static final long serialVersionUID = 1L;

    private boolean noEvents;
    private Duration requestTimeout;
    private transient Codec<K> keyCodec;
    private transient Codec<V> valueCodec;
    private int maxOutboundMessageKeys;
    private int maxOutboundMessageValues;
    private transient BiPredicate<V, V> equalValues;
    private io.hamok.raft.NearCacheMode nearCache;
    private int nearCacheMaxEntries;

    /** A configuration with every default. */
    public HamokConfiguration() {
    }

    /** A copy of the configuration, keeping hamok's options when it is a {@code HamokConfiguration}. */
    public HamokConfiguration(Configuration<K, V> configuration) {
        super(complete(configuration));
        if (configuration instanceof HamokConfiguration<K, V> other) {
            this.noEvents = other.noEvents;
            this.requestTimeout = other.requestTimeout;
            this.keyCodec = other.keyCodec;
            this.valueCodec = other.valueCodec;
            this.maxOutboundMessageKeys = other.maxOutboundMessageKeys;
            this.maxOutboundMessageValues = other.maxOutboundMessageValues;
            this.equalValues = other.equalValues;
            this.nearCache = other.nearCache;
            this.nearCacheMaxEntries = other.nearCacheMaxEntries;
        }
    }

    private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
        Objects.requireNonNull(configuration, "configuration");
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            return complete;
        }
        MutableConfiguration<K, V> copy = new MutableConfiguration<K, V>().setTypes(configuration.getKeyType(),
                configuration.getValueType());
        copy.setStoreByValue(configuration.isStoreByValue());
        return copy;
    }

    /** True when the cache has no events: no effect traffic between peers and no listeners allowed. */
    public boolean isNoEvents() {
        return noEvents;
    }

    /** Makes the cache listener-less (default {@code false}). */
    public HamokConfiguration<K, V> setNoEvents(boolean noEvents) {
        this.noEvents = noEvents;
        return this;
    }

    /** How long a call waits for the grid, or {@code null} for the manager's {@code hamok.requestTimeout}. */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * Sets how long a call waits for the grid.
     *
     * @throws IllegalArgumentException if not positive
     */
    public HamokConfiguration<K, V> setRequestTimeout(Duration requestTimeout) {
        if (requestTimeout != null && (requestTimeout.isZero() || requestTimeout.isNegative())) {
            throw new IllegalArgumentException("requestTimeout : " + requestTimeout + " (expected: > 0 or null)");
        }
        this.requestTimeout = requestTimeout;
        return this;
    }

    /** The key codec, or {@code null} for the default. Key codecs must be deterministic. */
    public Codec<K> getKeyCodec() {
        return keyCodec;
    }

    /** Sets the key codec (same on every peer; must give equal bytes for equal keys). */
    public HamokConfiguration<K, V> setKeyCodec(Codec<K> keyCodec) {
        this.keyCodec = keyCodec;
        return this;
    }

    /** The value codec, or {@code null} for the default. */
    public Codec<V> getValueCodec() {
        return valueCodec;
    }

    /** Sets the value codec (same on every peer). */
    public HamokConfiguration<K, V> setValueCodec(Codec<V> valueCodec) {
        this.valueCodec = valueCodec;
        return this;
    }

    /** Most keys in one command (0: no limit). */
    public int getMaxOutboundMessageKeys() {
        return maxOutboundMessageKeys;
    }

    /**
     * Sets the most keys in one command; larger batches are split.
     *
     * @throws IllegalArgumentException if negative
     */
    public HamokConfiguration<K, V> setMaxOutboundMessageKeys(int value) {
        this.maxOutboundMessageKeys = notNegative("maxOutboundMessageKeys", value);
        return this;
    }

    /** Most values in one command (0: no limit). */
    public int getMaxOutboundMessageValues() {
        return maxOutboundMessageValues;
    }

    /**
     * Sets the most values in one command; larger batches are split.
     *
     * @throws IllegalArgumentException if negative
     */
    public HamokConfiguration<K, V> setMaxOutboundMessageValues(int value) {
        this.maxOutboundMessageValues = notNegative("maxOutboundMessageValues", value);
        return this;
    }

    /** Value equality for {@code replace(k, old, new)}, {@code remove(k, v)}, or {@code null} for {@code equals}. */
    public BiPredicate<V, V> getEqualValues() {
        return equalValues;
    }

    /** Sets value equality for the value-conditioned operations (default {@code Objects::equals}). */
    public HamokConfiguration<K, V> setEqualValues(BiPredicate<V, V> equalValues) {
        this.equalValues = equalValues;
        return this;
    }

    /**
     * This peer's near cache of the cache: {@code OFF}, {@code LINEARIZABLE} or {@code EVENTUAL}, or {@code null}
     * for the manager's {@code hamok.nearCache} (see docs/NEAR-CACHE.md).
     */
    public io.hamok.raft.NearCacheMode getNearCache() {
        return nearCache;
    }

    /** Sets the near-cache mode ({@code null}: the manager's {@code hamok.nearCache}, by default off). */
    public HamokConfiguration<K, V> setNearCache(io.hamok.raft.NearCacheMode nearCache) {
        this.nearCache = nearCache;
        return this;
    }

    /** Most entries the near cache holds, or 0 for the manager's {@code hamok.nearCacheMaxEntries}. */
    public int getNearCacheMaxEntries() {
        return nearCacheMaxEntries;
    }

    /**
     * Sets the most entries the near cache holds (0: the manager's {@code hamok.nearCacheMaxEntries}).
     *
     * @throws IllegalArgumentException if negative
     */
    public HamokConfiguration<K, V> setNearCacheMaxEntries(int value) {
        this.nearCacheMaxEntries = notNegative("nearCacheMaxEntries", value);
        return this;
    }

    private static int notNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: >= 0, 0 means no limit)");
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        if (!super.equals(other)) {
            return false;
        }
        if (!(other instanceof HamokConfiguration<?, ?> that)) {
            return true;
        }
        return noEvents == that.noEvents && Objects.equals(requestTimeout, that.requestTimeout)
                && Objects.equals(keyCodec, that.keyCodec) && Objects.equals(valueCodec, that.valueCodec)
                && maxOutboundMessageKeys == that.maxOutboundMessageKeys
                && maxOutboundMessageValues == that.maxOutboundMessageValues && Objects.equals(equalValues, that.equalValues)
                && nearCache == that.nearCache && nearCacheMaxEntries == that.nearCacheMaxEntries;
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
