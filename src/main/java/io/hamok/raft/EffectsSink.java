package io.hamok.raft;

import io.hamok.raft.command.Effect;

/** Receives, in commit order, the effects of every peer's commands on a map. */
public interface EffectsSink {
    /** Delivers effects; returns the first listener failure (reported to the caller's own write), else null. */
    RuntimeException accept(Effect[] effects);

    /**
     * Delivers the effects of the command in the entry at {@code logIndex}; by default as {@link #accept(Effect[])}.
     * A sink whose listeners joined at some index skips what came before.
     */
    default RuntimeException accept(long logIndex, Effect[] effects) {
        return accept(effects);
    }
}
