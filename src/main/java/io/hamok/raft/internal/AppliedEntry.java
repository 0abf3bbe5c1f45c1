package io.hamok.raft.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A committed {@link CommandBatch} handed to the leader's executor, with the future that answers
 * the request (Ratis sends its value to the client and keeps it in the retry cache).
 */
record AppliedEntry(long index, CommandBatch batch, CompletableFuture<BatchReply> reply) {
    AppliedEntry(long index, CommandBatch batch) {
        this(index, batch, new CompletableFuture<>());
    }

    /** Answers every command of the entry "committed, outcome not known here". */
    void answerUnknown(String why) {
        reply.complete(PendingReplies.unknown(index, batch.commands().length, why));
    }
}
