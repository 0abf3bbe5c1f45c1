package io.hamok.raft.internal;

/** What a Raft entry of a grid holds. */
sealed interface LogEntry permits CommandBatch, EffectsBatch {}
