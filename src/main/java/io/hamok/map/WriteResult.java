package io.hamok.map;

/**
 * The outcome of one {@link KeyWrite}.
 *
 * @param applied  whether the condition held and the write took effect
 * @param existed  whether a live entry was there before the write
 * @param oldValue the value before the write when asked for and it existed, else {@code null}
 * @param version  the entry's version after the write (0 when there is no entry)
 */
public record WriteResult<V>(boolean applied, boolean existed, V oldValue, long version) {}
