package io.hamok.write;

/**
 * Time-to-live values carried by a write, in milliseconds, turned into a deadline by the
 * leader's clock. Besides a positive duration: {@link #ETERNAL}, {@link #UNCHANGED}, and {@code 0},
 * which means "expired at once": a create with 0 stores nothing, an update or touch with 0 removes
 * the entry with an expire event.
 */
public final class Ttl {
    /** Never expires. */
    public static final long ETERNAL = -1;
    /** Keep the entry's current deadline (on create: eternal). */
    public static final long UNCHANGED = -2;

    private Ttl() {}
}
