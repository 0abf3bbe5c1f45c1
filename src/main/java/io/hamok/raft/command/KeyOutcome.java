package io.hamok.raft.command;

/**
 * The outcome of one {@link RawWrite}.
 *
 * @param applied  whether it took effect
 * @param existed  whether a live entry was there before
 * @param oldValue encoded old value when asked for and it existed, else {@code null}
 * @param version  the entry's version afterwards (0: no entry)
 */
public record KeyOutcome(boolean applied, boolean existed, byte[] oldValue, long version) {}
