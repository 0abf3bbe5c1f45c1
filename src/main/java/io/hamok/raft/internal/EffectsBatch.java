package io.hamok.raft.internal;

/** A Raft entry the leader appends after executing a batch while some peer listens: per map, its effects. */
record EffectsBatch(MapEffectsBatch[] maps) implements LogEntry {
    EffectsBatch {
        io.hamok.raft.command.Elements.requireNoNulls(maps, "maps");
    }
}
