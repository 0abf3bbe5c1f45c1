package io.hamok.bench.node;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Group commit as hamok's grid peer does it, with nothing else: callers queue commands; whenever fewer
 * than {@code maxInFlight} entries are outstanding, everything queued leaves as one Raft entry
 * (length-prefixed commands), and every caller of that entry completes with its reply. No timer.
 */
final class PackingCommitter {
    private final Function<Message, CompletableFuture<RaftClientReply>> sender;
    private final int maxInFlight;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder entries = new LongAdder();
    private final LongAdder commands = new LongAdder();
    private volatile boolean closed;

    PackingCommitter(Function<Message, CompletableFuture<RaftClientReply>> sender, int maxInFlight) {
        this.sender = sender;
        this.maxInFlight = maxInFlight;
    }

    CompletableFuture<Void> submit(byte[] command) {
        Pending pending = new Pending(command, new CompletableFuture<>());
        if (closed) {
            pending.done.completeExceptionally(new IllegalStateException("closed"));
            return pending.done;
        }
        queue.add(pending);
        pump();
        return pending.done;
    }

    long entries() {
        return entries.sum();
    }

    long commands() {
        return commands.sum();
    }

    double commandsPerEntry() {
        long sent = entries.sum();
        return sent == 0 ? 0 : (double) commands.sum() / sent;
    }

    void resetStats() {
        entries.reset();
        commands.reset();
    }

    void close() {
        closed = true;
        for (Pending pending; (pending = queue.poll()) != null; ) {
            pending.done.completeExceptionally(new IllegalStateException("closed"));
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
            List<Pending> batch = new ArrayList<>();
            for (Pending next; (next = queue.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

    private void send(List<Pending> batch) {
        int bytes = 0;
        for (Pending pending : batch) {
            bytes += 4 + pending.command.length;
        }
        ByteBuffer entry = ByteBuffer.allocate(bytes);
        for (Pending pending : batch) {
            entry.putInt(pending.command.length).put(pending.command);
        }
        entry.flip();
        entries.increment();
        commands.add(batch.size());
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = sender.apply(Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(entry)));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((raftReply, error) -> {
            inFlight.decrementAndGet();
            try {
                Throwable failure = error != null ? error : raftReply.isSuccess() ? null : raftReply.getException();
                for (Pending pending : batch) {
                    if (failure == null) {
                        pending.done.complete(null);
                    } else {
                        pending.done.completeExceptionally(failure);
                    }
                }
            } finally {
                pump();
            }
        });
    }

    private record Pending(byte[] command, CompletableFuture<Void> done) {}
}
