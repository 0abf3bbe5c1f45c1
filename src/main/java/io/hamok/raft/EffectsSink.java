package io.hamok.raft;

import io.hamok.raft.command.Effect;

/** Receives, in commit order, the effects other peers' commands had on a map. */
public interface EffectsSink {
    void accept(Effect[] effects);
}
