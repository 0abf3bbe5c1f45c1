package io.hamok.write;

/** What a write does. */
public enum WriteKind {
    /** Store the value (insert or update). */
    PUT,
    /** Remove the entry (event: remove). */
    DELETE,
    /** Keep the value, reset the deadline to {@code ttlOnUpdate} (no event). */
    TOUCH,
    /** Remove an entry whose deadline has passed (event: expire); ignored when it is live. */
    EXPIRE
}
