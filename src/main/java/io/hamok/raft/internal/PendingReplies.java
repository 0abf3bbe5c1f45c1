package io.hamok.raft.internal;

import io.hamok.raft.command.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The open replies of command entries this peer applied as a follower, by log index: nothing of the
 * entries themselves (a new leader reads those from the log). If this peer becomes leader and executes
 * such an entry, its real result answers the clients' retries through Ratis' retry cache. A reply
 * older than the retry cache's expiry is answered "committed, outcome not known here": Ratis has
 * forgotten the request by then.
 */
final class PendingReplies {
    private final long maxAgeNanos;
    private final LinkedHashMap<Long, Pending> replies = new LinkedHashMap<>();
    private boolean closed;

    PendingReplies(Duration maxAge) {
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The open reply of the entry at {@code index}. */
    CompletableFuture<BatchReply> open(long index, int commands) {
        CompletableFuture<BatchReply> reply = new CompletableFuture<>();
        synchronized (this) {
            if (!closed) {
                replies.put(index, new Pending(reply, commands, System.nanoTime()));
                return reply;
            }
        }
        reply.complete(unknown(index, commands, "this peer is closing"));
        return reply;
    }

    /** Removes and returns the open reply of {@code index}, or {@code null}. */
    synchronized CompletableFuture<BatchReply> take(long index) {
        Pending pending = replies.remove(index);
        return pending == null ? null : pending.reply();
    }

    /** Answers the replies older than the maximum age. */
    void expire() {
        long now = System.nanoTime();
        List<Map.Entry<Long, Pending>> old = new ArrayList<>();
        synchronized (this) {
            var iterator = replies.entrySet().iterator();
            while (iterator.hasNext()) {
                Map.Entry<Long, Pending> next = iterator.next();
                if (now - next.getValue().openedAtNanos() <= maxAgeNanos) {
                    break;
                }
                old.add(next);
                iterator.remove();
            }
        }
        old.forEach(e -> e.getValue().reply().complete(unknown(e.getKey(), e.getValue().commands(),
                "executed by another leader; its result is not known on this peer")));
    }

    /** Answers every reply, now and from now on (on close: Ratis waits for every open reply). */
    void close() {
        List<Map.Entry<Long, Pending>> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(replies.entrySet());
            replies.clear();
        }
        all.forEach(e -> e.getValue().reply().complete(unknown(e.getKey(), e.getValue().commands(), "this peer is closing")));
    }

    static BatchReply unknown(long index, int commands, String why) {
        CommandResult[] results = new CommandResult[commands];
        java.util.Arrays.fill(results, new CommandResult.Failed(index, true, false, why));
        return new BatchReply(index, results);
    }

    private record Pending(CompletableFuture<BatchReply> reply, int commands, long openedAtNanos) {}
}
