package io.hamok.raft;

import java.util.Locale;

/**
 * How a peer's near cache of a map stays consistent with the grid (see docs/NEAR-CACHE.md).
 */
public enum NearCacheMode {
    /** No near cache: every read goes to the store. */
    OFF,
    /**
     * Linearizable: a peer drops a key when an entry that may change it reaches its log, and the leader
     * acknowledges a write only once every peer holding a near-cache lease has the entry in its log (or
     * that lease ran out). A read never returns a value older than a write acknowledged before it began.
     */
    LINEARIZABLE,
    /**
     * Eventual: a peer drops a key when it applies the entry; writes never wait for readers. A read
     * returns nothing older than the writes acknowledged one near-cache lease before it began.
     */
    EVENTUAL;

    /**
     * Reads a setting value: {@code off}, {@code linearizable} or {@code eventual}, in any case.
     *
     * @throws IllegalArgumentException naming the setting and the value otherwise
     */
    public static NearCacheMode parse(String setting, String value) {
        if (value != null) {
            for (NearCacheMode mode : values()) {
                if (mode.name().equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException(setting + " : '" + value + "' (expected: off, linearizable or eventual)");
    }

    /** The setting value, in lower case. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
