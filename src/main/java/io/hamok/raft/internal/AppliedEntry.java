package io.hamok.raft.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A committed {@link CommandBatch} handed to the leader's executor, with the future that answers
 * the request (Ratis sends its value to the client and keeps it in the retry cache).
 */
record AppliedEntry(long index, CommandBatch batch, CompletableFuture<BatchReply> reply, long appliedAtNanos) {
    AppliedEntry(long index, CommandBatch batch) {
        this(index, batch, new CompletableFuture<>(), System.nanoTime());
    }
}
