package io.hamok.raft.internal;

import io.hamok.raft.command.CommandResult;

/**
 * The reply to a {@link CommandBatch}: one result per command.
 *
 * @param logIndex the entry's log index
 * @param results  the results, or {@code null} when this peer did not execute the entry and its
 *                 result is unknown here (a follower's answer to a retried request)
 */
record BatchReply(long logIndex, CommandResult[] results) {}
