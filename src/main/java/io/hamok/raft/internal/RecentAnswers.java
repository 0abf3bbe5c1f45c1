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
 * Bounded in time and in count; a copy past either goes into the log, which still runs it once.
 */
final class RecentAnswers {
    private final long keepNanos;
    private final int maxKept;
    private final Map<RequestId, CommandResult> byId = new HashMap<>();
    private final ArrayDeque<Kept> order = new ArrayDeque<>();

    RecentAnswers(java.time.Duration keep, int maxKept) {
        this.keepNanos = keep.toNanos();
        this.maxKept = maxKept;
    }

    synchronized void add(RequestId id, CommandResult result, long nowNanos) {
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
