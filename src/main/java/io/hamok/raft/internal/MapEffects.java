package io.hamok.raft.internal;

import io.hamok.raft.command.Effect;

/**
 * The effects of one executed command.
 *
 * @param mapId      the map
 * @param originPeer the peer that sent the command (it has fired them already)
 * @param logIndex   the log index of the command's entry
 * @param effects    the effects in order
 */
record MapEffects(String mapId, String originPeer, long logIndex, Effect[] effects) {
    MapEffects {
        java.util.Objects.requireNonNull(mapId, "mapId");
        io.hamok.raft.command.Elements.requireNoNulls(effects, "effects");
    }
}
