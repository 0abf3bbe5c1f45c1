package io.hamok.bench;

import io.hamok.codec.Codec;
import java.nio.charset.StandardCharsets;

/** Codecs that put exactly the bytes the raw Redisson workload writes: UTF-8 keys, values as they are. */
final class RawCodecs {
    static final Codec<String> UTF8 = new Codec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    static final Codec<byte[]> IDENTITY = new Codec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }
    };

    private RawCodecs() {}
}
