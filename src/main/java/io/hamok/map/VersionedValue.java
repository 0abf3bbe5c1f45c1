package io.hamok.map;

/**
 * A live entry as read from the store.
 *
 * @param value     the decoded value
 * @param version   the log index of the entry that last wrote it (conditions compare it)
 * @param expiresAt the deadline in epoch milliseconds, {@code Long.MAX_VALUE} for none
 */
public record VersionedValue<V>(V value, long version, long expiresAt) {}
