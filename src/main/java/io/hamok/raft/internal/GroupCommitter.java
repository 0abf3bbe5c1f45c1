package io.hamok.raft.internal;

import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.RequestId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: commands from every thread and map of this peer (and, on the leader, those the
 * followers forward) queue here; whenever fewer than {@code maxInFlight} batches are outstanding,
 * everything queued (up to the byte limit) leaves as one batch, and each caller's future completes
 * from its slice of the reply. No timer: a lone caller gets one round trip, concurrent callers share
 * entries. The {@link Route} decides where a batch goes: on the leader straight into its Raft log
 * as one entry, on a follower to the leader, which packs it with everything else pending there.
 *
 * <p>A batch the route could not deliver (no leader, the leader changed) goes back to the queue and
 * leaves again under the same request ids, until its commands' retry horizon passes: a copy that
 * was appended after all is then executed once (see {@link RecentRequests}).
 */
final class GroupCommitter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupCommitter.class);
    /**
     * Where a batch goes: into the log ({@code leading}) or to the leader. The reply has one result per
     * command, or the future fails (then the batch is retried).
     */
    interface Route {
        CompletableFuture<BatchReply> send(CommandBatch batch, boolean leading);
    }

    /** Batches a follower may have on their way to the leader at once (cheap: the leader packs them). */
    private static final int MAX_FORWARDS_IN_FLIGHT = 4;

    private final String localPeerId;
    private final Route route;
    /** Runs the route: never on the caller's or a Ratis thread, which may hold locks the route needs. */
    private final java.util.concurrent.Executor sender;
    private final int maxInFlight;
    private final int maxEntryBytes;
    private final long retryHorizonNanos;
    private final BatchStats stats;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Forwarded commands answered lately, for a forward that comes again after its answer. */
    private final RecentAnswers forwardAnswers;
    /** Commands in {@link #queue}. */
    private final AtomicInteger queued = new AtomicInteger();
    /**
     * When a batch is answered: its callers plus those already queued, the commands the next batch can
     * expect once the answered callers have come back with their next command (see {@link #awaitCohort}).
     */
    private volatile int cohort;
    /** The sender waiting for a cohort, woken by the command that completes it (see {@link #awaitCohort}). */
    private volatile Thread cohortWaiter;
    private volatile int cohortExpected = Integer.MAX_VALUE;
    /** A moving average of a batch's round trip, which bounds the wait for a cohort. */
    private volatile long roundTripNanos;
    /**
     * Entries in flight while leading, and forwards in flight while following: apart, so that a forward
     * that reaches this very peer once it leads never waits for the slot it holds itself.
     */
    private final AtomicInteger entriesInFlight = new AtomicInteger();
    private final AtomicInteger forwardsInFlight = new AtomicInteger();
    private final java.util.function.BooleanSupplier leading;
    /** Random per peer incarnation: with the sequence, names each request across peers and restarts. */
    private final long origin = new SecureRandom().nextLong();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;

    GroupCommitter(String localPeerId, Route route, java.util.function.BooleanSupplier leading,
                   java.util.concurrent.Executor sender, int maxInFlight, int maxEntryBytes,
                   java.time.Duration retryHorizon, RecentAnswers forwardAnswers, BatchStats stats) {
        this.leading = leading;
        this.localPeerId = localPeerId;
        this.route = route;
        this.sender = sender;
        this.maxInFlight = maxInFlight;
        this.maxEntryBytes = maxEntryBytes;
        this.retryHorizonNanos = retryHorizon.toNanos();
        this.forwardAnswers = forwardAnswers;
        this.stats = stats;
    }

    /** A new request id of this peer. */
    RequestId nextRequestId() {
        return new RequestId(origin, sequence.incrementAndGet());
    }

    CompletableFuture<CommandResult> submit(Command command) {
        return submit(command, nextRequestId());
    }

    /** Submits a command under a given id: sent again under the id of an earlier try, it takes effect once. */
    CompletableFuture<CommandResult> submit(Command command, RequestId requestId) {
        return submit(command, requestId, localPeerId);
    }

    /**
     * Submits a command a follower forwarded, keeping its id and origin. A copy of a forwarded command
     * answered lately (the follower's Raft client sent the forward again, as it does when the answer is
     * late) gets that answer at once; a copy that reaches the log before the answer hears "ran before"
     * there, and gets the answer here too (see {@link #complete}).
     */
    CompletableFuture<CommandResult> submit(Command command, RequestId requestId, String originPeer) {
        boolean forwarded = !localPeerId.equals(originPeer);
        if (forwarded) {
            CommandResult answered = forwardAnswers.get(requestId, System.nanoTime());
            if (answered != null) {
                return CompletableFuture.completedFuture(answered);
            }
        }
        Pending pending = new Pending(command, requestId, originPeer, new CompletableFuture<>(),
                System.nanoTime() + retryHorizonNanos);
        if (closed) {
            pending.result.completeExceptionally(new IllegalStateException("the grid peer " + localPeerId + " is closed"));
            return pending.result;
        }
        queue.add(pending);
        if (queued.incrementAndGet() >= cohortExpected) {
            wakeCohortWaiter();
        }
        pump();
        return pending.result;
    }

    /** Fails everything still queued. */
    void close() {
        closed = true;
        wakeCohortWaiter();
        for (Pending pending; (pending = queue.poll()) != null; ) {
            queued.decrementAndGet();
            pending.result.completeExceptionally(new IllegalStateException("the grid peer " + localPeerId + " is closed"));
        }
    }

    private void pump() {
        while (!queue.isEmpty()) {
            boolean lead = leading.getAsBoolean();
            AtomicInteger inFlight = lead ? entriesInFlight : forwardsInFlight;
            int current = inFlight.get();
            if (current >= (lead ? maxInFlight : MAX_FORWARDS_IN_FLIGHT)) {
                return;
            }
            if (!inFlight.compareAndSet(current, current + 1)) {
                continue;
            }
            sender.execute(() -> sendQueued(lead, inFlight));
            return;
        }
    }

    /** Sends everything queued now as one batch (the in-flight slot is taken already). */
    private void sendQueued(boolean lead, AtomicInteger inFlight) {
        awaitCohort();
        List<Pending> batch = drain();
        if (!lead) {
            dropLeaderOnly(batch);
        }
        if (batch.isEmpty()) {
            inFlight.decrementAndGet();
            if (!queue.isEmpty()) {
                pump();
            }
            return;
        }
        send(batch, lead, inFlight);
        pump();
    }

    /**
     * Right after a batch was answered, its callers come back with their next commands within a fraction
     * of a round trip, while the commands queued meanwhile are ready to go. Sending at once would split the
     * callers into two cohorts that take turns, each in entries half as full; so the next batch waits
     * until the answered callers are back, at most half a round trip and 2 ms. A lone caller never waits:
     * its cohort is itself. Commands per entry, not waiting, is what pays here: an entry costs far more
     * than a command.
     */
    private void awaitCohort() {
        int expected = cohort;
        cohort = 0;
        if (expected <= 1) {
            return;
        }
        long deadline = System.nanoTime() + Math.min(MAX_COHORT_WAIT_NANOS, roundTripNanos / 2);
        cohortExpected = expected;
        cohortWaiter = Thread.currentThread();
        try {
            for (long left; queued.get() < expected && !closed && (left = deadline - System.nanoTime()) > 0; ) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, left);
            }
        } finally {
            cohortWaiter = null;
            cohortExpected = Integer.MAX_VALUE;
        }
    }

    private void wakeCohortWaiter() {
        Thread waiter = cohortWaiter;
        if (waiter != null) {
            java.util.concurrent.locks.LockSupport.unpark(waiter);
        }
    }

    private static final long MAX_COHORT_WAIT_NANOS = 2_000_000;

    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>();
        int bytes = 0;
        for (Pending next; (next = queue.peek()) != null; ) {
            int size = next.command.estimatedBytes();
            if (!batch.isEmpty() && bytes + size > maxEntryBytes) {
                break;
            }
            if (queue.poll() != next) {
                break;
            }
            queued.decrementAndGet();
            batch.add(next);
            bytes += size;
        }
        return batch;
    }

    /**
     * Answers and takes out the commands only a leader appends (a checkpoint queued while this peer still
     * led): the leader refuses a forwarded batch holding one, which would fail every command beside it.
     */
    private void dropLeaderOnly(List<Pending> batch) {
        batch.removeIf(pending -> {
            if (!EntryGate.isLeaderOnly(pending.command)) {
                return false;
            }
            pending.result.complete(new CommandResult.Failed(0, false, true, "a "
                    + pending.command.getClass().getSimpleName() + " is appended only by the leader; " + localPeerId + " no longer leads"));
            return true;
        });
    }

    private void send(List<Pending> batch, boolean lead, AtomicInteger inFlight) {
        int size = batch.size();
        Command[] commands = new Command[size];
        RequestId[] ids = new RequestId[size];
        String[] origins = new String[size];
        for (int i = 0; i < size; i++) {
            Pending pending = batch.get(i);
            commands[i] = pending.command;
            ids[i] = pending.requestId;
            origins[i] = pending.originPeer;
        }
        if (lead) {
            stats.recordEntry(size);
        } else {
            stats.recordForward(size);
        }
        long sentAt = System.nanoTime();
        CompletableFuture<BatchReply> reply;
        try {
            reply = route.send(new CommandBatch(commands, ids, origins), lead);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((answer, error) -> {
            long took = System.nanoTime() - sentAt;
            roundTripNanos = roundTripNanos == 0 ? took : (roundTripNanos * 7 + took) / 8;
            cohort = size + queued.get();
            inFlight.decrementAndGet();
            try {
                if (error != null) {
                    retryOrFail(batch, LeaderExecutor.unwrap(error).toString());
                } else {
                    complete(batch, answer);
                }
            } finally {
                pump();
            }
        });
    }

    /**
     * Completes each caller with its result, except where the outcome is unknown (the leader that
     * would have executed it went away): those go out again under the same id, and the grid tells
     * whether the first copy took effect ({@link CommandResult.Repeated}) or executes it now. A
     * forwarded command's answer is kept a while for a copy of its forward (see {@link RecentAnswers}).
     */
    private void complete(List<Pending> batch, BatchReply answer) {
        List<Pending> unknown = new ArrayList<>();
        String why = null;
        long now = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            CommandResult result = answer.results()[i];
            boolean forwarded = !localPeerId.equals(pending.originPeer);
            if (forwarded && result instanceof CommandResult.Repeated) {
                CommandResult first = forwardAnswers.get(pending.requestId, now);
                result = first != null ? first : result;
            }
            if (result instanceof CommandResult.Failed failed && !failed.known()) {
                unknown.add(pending);
                why = failed.message();
            } else {
                if (forwarded) {
                    forwardAnswers.add(pending.requestId, result, pending.deadlineNanos - retryHorizonNanos, now);
                }
                pending.result.complete(result);
            }
        }
        if (!unknown.isEmpty()) {
            retryOrFail(unknown, why);
        }
    }

    /**
     * Queues an undelivered batch again under the same ids after a short pause (the route may need a
     * new leader), or answers "unknown" past the retry horizon.
     */
    private void retryOrFail(List<Pending> batch, String cause) {
        long now = System.nanoTime();
        String why = "the grid did not answer: " + cause;
        LOG.debug("{}: {} commands go out again: {}", localPeerId, batch.size(), cause);
        List<Pending> again = new ArrayList<>();
        for (Pending pending : batch) {
            if (closed || now - pending.deadlineNanos > 0) {
                pending.result.complete(new CommandResult.Failed(0, false, false, why));
            } else {
                again.add(pending);
            }
        }
        if (!again.isEmpty()) {
            RETRY_PAUSE.execute(() -> {
                queue.addAll(again);
                queued.addAndGet(again.size());
                if (closed) {
                    close();
                }
                pump();
            });
        }
    }

    private static final java.util.concurrent.Executor RETRY_PAUSE =
            CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS);

    private record Pending(Command command, RequestId requestId, String originPeer,
                           CompletableFuture<CommandResult> result, long deadlineNanos) {}
}
