package io.hamok.raft.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;

/**
 * The Raft client a follower forwards its batches through, replaced when Ratis closes it (a client
 * that gave up on a request can fail every later one with {@code AlreadyClosedException}): the next
 * batch goes through a new client. The group committer sends an undelivered batch again.
 */
final class ReconnectingClient implements AutoCloseable {
    private final Supplier<RaftClient> factory;
    private volatile RaftClient client;
    private volatile boolean closed;

    ReconnectingClient(Supplier<RaftClient> factory) {
        this.factory = factory;
        this.client = factory.get();
    }

    /** The current client (for admin calls). */
    RaftClient current() {
        return client;
    }

    /**
     * Sends a message to the leader as a read-only request, which the leader's state machine answers
     * ({@code query}): how a follower hands its batch to the leader. Not in the retry cache; request ids
     * make a batch delivered twice take effect once.
     */
    CompletableFuture<RaftClientReply> forward(Message message) {
        RaftClient used = client;
        return watch(used, used.async().sendReadOnlyNonLinearizable(message));
    }

    /**
     * Sends a read-only request that the leader answers only after confirming its leadership with a
     * majority (a Ratis linearizable read): how a peer asks for a near-cache lease.
     */
    CompletableFuture<RaftClientReply> readLinearizable(Message message) {
        RaftClient used = client;
        return watch(used, used.async().sendReadOnly(message));
    }

    private CompletableFuture<RaftClientReply> watch(RaftClient used, CompletableFuture<RaftClientReply> sent) {
        return sent.whenComplete((reply, error) -> {
            if (error != null && LeaderExecutor.unwrap(error) instanceof AlreadyClosedException) {
                replace(used);
            }
        });
    }

    /**
     * Moves later requests to a new client (the members changed). The old one is closed a while later,
     * after the requests on their way through it returned.
     */
    void renew() {
        RaftClient old;
        synchronized (this) {
            if (closed) {
                return;
            }
            old = client;
            client = factory.get();
        }
        CompletableFuture.delayedExecutor(30, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
            try {
                old.close();
            } catch (IOException ignored) {
                // replaced already
            }
        });
    }

    private void replace(RaftClient failed) {
        synchronized (this) {
            if (closed || client != failed) {
                return;
            }
            client = factory.get();
        }
        try {
            failed.close();
        } catch (IOException ignored) {
            // it failed already; the new client carries on
        }
    }

    @Override
    public void close() throws IOException {
        RaftClient last;
        synchronized (this) {
            closed = true;
            last = client;
        }
        last.close();
    }
}
