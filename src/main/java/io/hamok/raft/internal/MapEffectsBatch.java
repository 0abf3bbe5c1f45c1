package io.hamok.raft.internal;

/**
 * The effects one executed batch had on one map, named by the batch's store index. The leader keeps
 * it in the store with the batch's write and publishes it in an effects entry; a next leader publishes
 * it again if its predecessor died first, and every peer delivers a map's batches only once, in order
 * of store index.
 *
 * @param mapId      the map
 * @param storeIndex the store index of the batch's last entry
 * @param effects    the effects of each command, in log order
 */
record MapEffectsBatch(String mapId, long storeIndex, MapEffects[] effects) {
    MapEffectsBatch {
        java.util.Objects.requireNonNull(mapId, "mapId");
        io.hamok.raft.command.Elements.requireNoNulls(effects, "effects");
    }
}
