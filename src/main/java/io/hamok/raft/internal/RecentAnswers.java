package io.hamok.raft.internal;

import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.RequestId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The leader's answers to forwarded commands, kept for a while by request id: a follower's Raft client
 * sends a forward again when the answer is late, and a copy that arrives after the answer gets that
 * answer instead of going into the log a second time (where it would only hear that it ran before).
 * Only answers that were late are kept (a prompt one reaches the follower before its client gives up),
 * for a bounded time and count; a copy past either goes into the log, which still runs it once.
 */
final class RecentAnswers {
    private final long keepNanos;
    private final long lateNanos;
    private final int maxKept;
    private final Map<RequestId, CommandResult> byId = new HashMap<>();
    private final ArrayDeque<Kept> order = new ArrayDeque<>();

    /**
     * @param keep    how long an answer is kept
     * @param late    an answer given this long after its command arrived, or later, is kept
     * @param maxKept at most this many are kept (the oldest go first)
     */
    RecentAnswers(java.time.Duration keep, java.time.Duration late, int maxKept) {
        this.keepNanos = keep.toNanos();
        this.lateNanos = late.toNanos();
        this.maxKept = maxKept;
    }

    /** Keeps the answer to a command that arrived at {@code arrivedNanos}, if it was late. */
    synchronized void add(RequestId id, CommandResult result, long arrivedNanos, long nowNanos) {
        if (nowNanos - arrivedNanos < lateNanos) {
            return;
        }
        forgetOld(nowNanos);
        if (byId.put(id, result) == null) {
            order.addLast(new Kept(id, nowNanos));
        }
        while (order.size() > maxKept) {
            byId.remove(order.pollFirst().id());
        }
    }

    /** The answer given to {@code id} lately, or null. */
    synchronized CommandResult get(RequestId id, long nowNanos) {
        forgetOld(nowNanos);
        return byId.get(id);
    }

    private void forgetOld(long nowNanos) {
        while (!order.isEmpty() && nowNanos - order.peekFirst().atNanos() >= keepNanos) {
            byId.remove(order.pollFirst().id());
        }
    }

    private record Kept(RequestId id, long atNanos) {}
}
