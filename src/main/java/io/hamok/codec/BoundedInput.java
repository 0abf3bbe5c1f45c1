package io.hamok.codec;

import com.esotericsoftware.kryo.io.Input;
import io.hamok.exceptions.CodecException;

/**
 * A Kryo input over a byte array that refuses a length larger than the bytes left before it
 * allocates anything: corrupt or hostile bytes that claim a billion elements fail with a
 * {@link CodecException} instead of an {@code OutOfMemoryError}. Collections, maps and object
 * arrays check their sizes through {@link #requireElements(long, int, String)} (see
 * {@link BoundedSerializers}).
 */
public final class BoundedInput extends Input {
    public BoundedInput(byte[] bytes, int offset, int count) {
        super(bytes, offset, count);
    }

    /** Fails unless {@code count} elements of at least {@code bytesEach} bytes fit in what is left. */
    public void requireElements(long count, int bytesEach, String what) {
        long left = (long) limit - position;
        if (count < 0 || count * bytesEach > left) {
            throw new CodecException("corrupt bytes: " + what + " claims " + count + " elements, but only " + left
                    + " bytes are left");
        }
    }

    @Override
    public byte[] readBytes(int length) {
        requireElements(length, 1, "a byte array");
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        requireElements(length, 4, "an int array");
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        requireElements(length, 1, "an int array");
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        requireElements(length, 8, "a long array");
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        requireElements(length, 1, "a long array");
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        requireElements(length, 4, "a float array");
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        requireElements(length, 8, "a double array");
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        requireElements(length, 2, "a short array");
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        requireElements(length, 2, "a char array");
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        requireElements(length, 1, "a boolean array");
        return super.readBooleans(length);
    }

    @Override
    public String readString() {
        requireUtf8Chars();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        requireUtf8Chars();
        return super.readStringBuilder();
    }

    /**
     * A UTF-8 string stores its char count plus one first (0: null); each char takes at least one
     * byte. (ASCII strings end with a marked byte, so they cannot claim more than there is.)
     */
    private void requireUtf8Chars() {
        if (position < limit && readVarIntFlag()) {
            int start = position;
            int countPlusOne = readVarIntFlag(true);
            if (countPlusOne > 1) {
                requireElements(countPlusOne - 1L, 1, "a string");
            }
            setPosition(start);
        }
    }
}
