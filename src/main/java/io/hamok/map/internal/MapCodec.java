package io.hamok.map.internal;

import io.hamok.codec.Codec;
import io.hamok.exceptions.CodecException;
import io.hamok.map.HamokRemoteMapConfig;
import java.util.Objects;

/** Encodes and decodes a map's keys and values, refusing nulls and oversize bytes by name. */
public final class MapCodec<K, V> {
    private final String mapId;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final int maxBytes;

    public MapCodec(HamokRemoteMapConfig<K, V> config) {
        this.mapId = config.mapId();
        this.keyCodec = config.keyCodec();
        this.valueCodec = config.valueCodec();
        this.maxBytes = config.maxValueBytes();
    }

    public byte[] encodeKey(K key) {
        Objects.requireNonNull(key, "key");
        return checkSize("key", keyCodec.encode(key));
    }

    public byte[] encodeValue(V value) {
        Objects.requireNonNull(value, "value");
        return checkSize("value", valueCodec.encode(value));
    }

    public K decodeKey(byte[] bytes) {
        return keyCodec.decode(bytes);
    }

    /** Decodes a value; {@code null} stays {@code null}. */
    public V decodeValue(byte[] bytes) {
        return bytes == null ? null : valueCodec.decode(bytes);
    }

    private byte[] checkSize(String what, byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw new CodecException("oversize " + what + " for map '" + mapId + "': " + bytes.length
                    + " bytes encoded (expected: at most maxValueBytes = " + maxBytes + ")");
        }
        return bytes;
    }
}
