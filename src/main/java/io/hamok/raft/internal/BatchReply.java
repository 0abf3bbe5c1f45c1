package io.hamok.raft.internal;

import io.hamok.raft.command.CommandResult;

/**
 * The reply to a {@link CommandBatch}: one result per command.
 *
 * @param logIndex the entry's log index
 * @param results  one per command; a peer that did not execute the entry answers each with a
 *                 {@code Failed} result that says the outcome is unknown here
 */
record BatchReply(long logIndex, CommandResult[] results) {
    BatchReply {
        io.hamok.raft.command.Elements.requireNoNulls(results, "results");
    }
}
