package io.hamok.raft.internal;

/** A Raft entry the leader appends after executing commands while other peers listen. */
record EffectsBatch(MapEffects[] effects) implements LogEntry {}
