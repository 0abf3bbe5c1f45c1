package io.hamok.raft.internal;

import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.RequestId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Group commit on the sending peer: commands from every thread and map queue here; whenever fewer
 * than {@code maxInFlight} entries are outstanding, everything queued (up to the byte limit) leaves
 * as one Raft entry, and each caller's future completes from its slice of the reply. No timer: a
 * lone caller gets one round trip, concurrent callers share entries.
 */
final class GroupCommitter {
    private final String localPeerId;
    private final Function<Message, CompletableFuture<RaftClientReply>> sender;
    private final int maxInFlight;
    private final int maxEntryBytes;
    private final BatchStats stats;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Random per peer incarnation: with the sequence, names each request across peers and restarts. */
    private final long origin = new java.security.SecureRandom().nextLong();
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    GroupCommitter(String localPeerId, Function<Message, CompletableFuture<RaftClientReply>> sender,
                   int maxInFlight, int maxEntryBytes, BatchStats stats) {
        this.localPeerId = localPeerId;
        this.sender = sender;
        this.maxInFlight = maxInFlight;
        this.maxEntryBytes = maxEntryBytes;
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
        Pending pending = new Pending(command, requestId, new CompletableFuture<>());
        if (closed) {
            pending.result.completeExceptionally(new IllegalStateException("the grid peer " + localPeerId + " is closed"));
            return pending.result;
        }
        queue.add(pending);
        pump();
        return pending.result;
    }

    /** Fails everything still queued. */
    void close() {
        closed = true;
        for (Pending pending; (pending = queue.poll()) != null; ) {
            pending.result.completeExceptionally(new IllegalStateException("the grid peer " + localPeerId + " is closed"));
        }
    }

    private void pump() {
        while (!queue.isEmpty()) {
            int current = inFlight.get();
            if (current >= maxInFlight) {
                return;
            }
            if (!inFlight.compareAndSet(current, current + 1)) {
                continue;
            }
            List<Pending> batch = drain();
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

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
            batch.add(next);
            bytes += size;
        }
        return batch;
    }

    private void send(List<Pending> batch) {
        Command[] commands = batch.stream().map(Pending::command).toArray(Command[]::new);
        RequestId[] ids = batch.stream().map(Pending::requestId).toArray(RequestId[]::new);
        stats.recordSent(commands.length);
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = sender.apply(Message.valueOf(Wire.encode(new CommandBatch(localPeerId, commands, ids))));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((raftReply, error) -> {
            inFlight.decrementAndGet();
            try {
                dispatch(batch, raftReply, error);
            } finally {
                pump();
            }
        });
    }

    private static void dispatch(List<Pending> batch, RaftClientReply raftReply, Throwable error) {
        Throwable failure = error != null ? LeaderExecutor.unwrap(error)
                : raftReply.isSuccess() ? null : raftReply.getException();
        if (failure != null) {
            String why = "the grid did not answer: " + failure;
            batch.forEach(p -> p.result.complete(new CommandResult.Failed(0, false, false, why)));
            return;
        }
        BatchReply reply;
        try {
            reply = Wire.decode(raftReply.getMessage().getContent(), BatchReply.class);
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result.complete(new CommandResult.Failed(raftReply.getLogIndex(), true, false,
                    "unreadable reply: " + e.getMessage())));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(reply.results()[i]);
        }
    }

    private record Pending(Command command, RequestId requestId, CompletableFuture<CommandResult> result) {}
}
