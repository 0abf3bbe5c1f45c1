package io.hamok.store;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An immutable byte string with value equality: an encoded key. */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;
    private final int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps the array without copying; the caller must not change it afterwards. */
    public static Bytes wrap(byte[] bytes) {
        return new Bytes(Objects.requireNonNull(bytes, "bytes"));
    }

    /** The array itself (not a copy): do not change it. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return bytes.length <= 32 ? HexFormat.of().formatHex(bytes)
                : HexFormat.of().formatHex(bytes, 0, 32) + "...(" + bytes.length + " bytes)";
    }
}
