package io.hamok.store;

import io.hamok.exceptions.CodecException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What a built-in store keeps per key: the encoded value, its version (the log index of the entry
 * that last wrote it) and its expiry deadline in epoch milliseconds ({@link #ETERNAL} for none).
 */
public record Envelope(byte[] value, long version, long expiresAt) {
    /** The deadline of an entry that never expires. */
    public static final long ETERNAL = Long.MAX_VALUE;
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES + Long.BYTES;

    public Envelope {
        Objects.requireNonNull(value, "value");
    }

    /** True when the deadline has passed at {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        return expiresAt <= nowMillis;
    }

    /** The stored form: format byte, version, deadline, value bytes. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(HEADER + value.length)
                .put(FORMAT).putLong(version).putLong(expiresAt).put(value).array();
    }

    /**
     * Reads the stored form.
     *
     * @throws CodecException if the bytes are not an envelope
     */
    public static Envelope fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER || bytes[0] != FORMAT) {
            throw new CodecException("corrupt stored entry: expected an envelope of format " + FORMAT
                    + " and at least " + HEADER + " bytes, got "
                    + (bytes == null ? "null" : bytes.length + " bytes" + (bytes.length > 0 ? " of format " + bytes[0] : "")));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        long version = buffer.getLong();
        long expiresAt = buffer.getLong();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new Envelope(value, version, expiresAt);
    }
}
