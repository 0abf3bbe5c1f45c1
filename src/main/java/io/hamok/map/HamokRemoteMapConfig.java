package io.hamok.map;

import io.hamok.codec.Codec;
import io.hamok.codec.KryoCodec;
import io.hamok.raft.NearCacheMode;
import io.hamok.store.RemoteMap;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * The settings of one {@link HamokRemoteMap}: the seed's config in Java. Build with
 * {@link #builder(String)}; every setting but the map id has a default.
 *
 * @param mapId                    unique id of the map in the grid
 * @param requestTimeout           how long a call waits for the leader (default 10 s)
 * @param keyCodec                 key codec, must be deterministic (default: Kryo, common JDK types)
 * @param valueCodec               value codec (default: Kryo, common JDK types)
 * @param maxOutboundMessageKeys   most keys in one command; larger batches are split (0: no limit)
 * @param maxOutboundMessageValues most values in one command; larger batches are split (0: no limit)
 * @param maxValueBytes            largest encoded key or value accepted (default 1 MiB)
 * @param remoteMap                a user-written typed store, or {@code null} for the grid's built-in store
 * @param noEvents                 no events at all: no effect traffic, listeners refused
 * @param equalValues              value equality for {@code updateIf} and value conditions (default {@code equals})
 * @param nearCache                this peer's near cache of the map (default {@link NearCacheMode#OFF}; see docs/NEAR-CACHE.md)
 * @param nearCacheMaxEntries      most entries the near cache holds (default 10,000)
 */
public record HamokRemoteMapConfig<K, V>(String mapId, Duration requestTimeout, Codec<K> keyCodec, Codec<V> valueCodec,
                                         int maxOutboundMessageKeys, int maxOutboundMessageValues, int maxValueBytes,
                                         RemoteMap<K, V> remoteMap, boolean noEvents, BiPredicate<V, V> equalValues,
                                         NearCacheMode nearCache, int nearCacheMaxEntries) {
    public static final int DEFAULT_NEAR_CACHE_MAX_ENTRIES = 10_000;

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

    public HamokRemoteMapConfig {
        if (mapId == null || mapId.isBlank()) {
            throw new IllegalArgumentException("mapId : " + mapId + " (expected: a non-blank string)");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout : " + requestTimeout + " (expected: > 0)");
        }
        Objects.requireNonNull(keyCodec, "keyCodec");
        Objects.requireNonNull(valueCodec, "valueCodec");
        Objects.requireNonNull(equalValues, "equalValues");
        Objects.requireNonNull(nearCache, "nearCache");
        if (nearCacheMaxEntries <= 0) {
            throw new IllegalArgumentException("nearCacheMaxEntries : " + nearCacheMaxEntries + " (expected: > 0)");
        }
        requireNotNegative("maxOutboundMessageKeys", maxOutboundMessageKeys);
        requireNotNegative("maxOutboundMessageValues", maxOutboundMessageValues);
        if (maxValueBytes <= 0) {
            throw new IllegalArgumentException("maxValueBytes : " + maxValueBytes + " (expected: > 0)");
        }
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: >= 0, 0 means no limit)");
        }
    }

    /** A builder with every default set. */
    public static <K, V> Builder<K, V> builder(String mapId) {
        return new Builder<>(mapId);
    }

    /** Builds a {@link HamokRemoteMapConfig}. */
    public static final class Builder<K, V> {
        private final String mapId;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Codec<K> keyCodec = KryoCodec.withDefaults();
        private Codec<V> valueCodec = KryoCodec.withDefaults();
        private int maxOutboundMessageKeys;
        private int maxOutboundMessageValues;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private RemoteMap<K, V> remoteMap;
        private boolean noEvents;
        private BiPredicate<V, V> equalValues = Objects::equals;
        private NearCacheMode nearCache = NearCacheMode.OFF;
        private int nearCacheMaxEntries = DEFAULT_NEAR_CACHE_MAX_ENTRIES;

        private Builder(String mapId) {
            this.mapId = mapId;
        }

        public Builder<K, V> requestTimeout(Duration value) { this.requestTimeout = value; return this; }
        public Builder<K, V> keyCodec(Codec<K> value) { this.keyCodec = value; return this; }
        public Builder<K, V> valueCodec(Codec<V> value) { this.valueCodec = value; return this; }
        public Builder<K, V> maxOutboundMessageKeys(int value) { this.maxOutboundMessageKeys = value; return this; }
        public Builder<K, V> maxOutboundMessageValues(int value) { this.maxOutboundMessageValues = value; return this; }
        public Builder<K, V> maxValueBytes(int value) { this.maxValueBytes = value; return this; }
        public Builder<K, V> remoteMap(RemoteMap<K, V> value) { this.remoteMap = value; return this; }
        public Builder<K, V> noEvents(boolean value) { this.noEvents = value; return this; }
        public Builder<K, V> equalValues(BiPredicate<V, V> value) { this.equalValues = value; return this; }
        public Builder<K, V> nearCache(NearCacheMode value) { this.nearCache = value; return this; }
        public Builder<K, V> nearCacheMaxEntries(int value) { this.nearCacheMaxEntries = value; return this; }

        public HamokRemoteMapConfig<K, V> build() {
            return new HamokRemoteMapConfig<>(mapId, requestTimeout, keyCodec, valueCodec, maxOutboundMessageKeys,
                    maxOutboundMessageValues, maxValueBytes, remoteMap, noEvents, equalValues, nearCache, nearCacheMaxEntries);
        }
    }
}
