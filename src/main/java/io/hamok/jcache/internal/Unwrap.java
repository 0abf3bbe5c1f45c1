package io.hamok.jcache.internal;

/** The JSR-107 {@code unwrap} of an object that unwraps only to itself. */
public final class Unwrap {
    private Unwrap() {}

    /**
     * {@code self} as {@code type}.
     *
     * @throws IllegalArgumentException if {@code self} is not a {@code type}
     */
    public static <T> T self(Object self, Class<T> type) {
        if (type.isInstance(self)) {
            return type.cast(self);
        }
        throw new IllegalArgumentException("type : " + type + " (expected: a supertype of " + self.getClass().getName() + ")");
    }
}
