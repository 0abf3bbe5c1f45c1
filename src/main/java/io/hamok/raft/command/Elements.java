package io.hamok.raft.command;

/**
 * Checks of decoded arrays: commands and the grid's entries are validated completely when they are
 * decoded (their constructors run then), so that an entry nobody could execute never gets in.
 */
public final class Elements {
    private Elements() {}

    /** Returns {@code array}; fails with a message naming it if it or one of its elements is null. */
    public static <T> T[] requireNoNulls(T[] array, String name) {
        if (array == null) {
            throw new NullPointerException(name + " : null (expected: an array)");
        }
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException(name + "[" + i + "] : null (expected: no null element)");
            }
        }
        return array;
    }

    /** Fails unless {@code length} is {@code expected}. */
    public static void requireLength(int length, int expected, String name) {
        if (length != expected) {
            throw new IllegalArgumentException(name + " : " + length + " elements (expected: " + expected + ")");
        }
    }
}
