package io.hamok.write;

/** When a write applies, checked by the leader against the entry at its log position. */
public enum Condition {
    /** Always. */
    ALWAYS,
    /** Only when the key has no live entry (seed's {@code insert}, JCache {@code putIfAbsent}). */
    IF_ABSENT,
    /** Only when the key has a live entry (JCache {@code replace(k, v)}). */
    IF_PRESENT,
    /** Only when the live entry's version equals {@code expectedVersion}. */
    IF_VERSION
}
