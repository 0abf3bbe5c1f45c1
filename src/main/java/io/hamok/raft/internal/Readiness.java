package io.hamok.raft.internal;

import io.hamok.exceptions.NoLeaderException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether a peer is ready: a leader is known and this peer has applied the log up to the commit index
 * it learned after it joined (a sync: a no-op entry through the leader, then waiting until this peer
 * applied it). Tried in the background from the start, until it succeeds once. A rolling restart
 * that waits for readiness before it stops the next peer never takes the majority's only copy of an
 * entry down with it.
 */
final class Readiness {
    private static final long POLL_MILLIS = 200;
    private static final Duration ATTEMPT = Duration.ofSeconds(5);

    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final BooleanSupplier leaderKnown;
    private final Supplier<CompletableFuture<Void>> sync;
    private final ScheduledExecutorService scheduler;
    private final String peerId;

    Readiness(String peerId, BooleanSupplier leaderKnown, Supplier<CompletableFuture<Void>> sync, ScheduledExecutorService scheduler) {
        this.peerId = peerId;
        this.leaderKnown = leaderKnown;
        this.sync = sync;
        this.scheduler = scheduler;
    }

    /** Starts trying. */
    void start() {
        scheduler.execute(this::attempt);
    }

    private void attempt() {
        if (ready.isDone()) {
            return;
        }
        if (!leaderKnown.getAsBoolean()) {
            retryLater();
            return;
        }
        sync.get().orTimeout(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, error) -> {
            if (error == null) {
                ready.complete(null);
            } else {
                retryLater();
            }
        });
    }

    private void retryLater() {
        try {
            scheduler.schedule(this::attempt, POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            ready.completeExceptionally(new IllegalStateException("grid peer " + peerId + " is closed"));
        }
    }

    boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /**
     * Waits until ready.
     *
     * @throws NoLeaderException if this peer is not ready within the timeout (no majority, or still catching up)
     */
    void await(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NoLeaderException("grid peer " + peerId + " is not ready within " + timeout + ": "
                    + (leaderKnown.getAsBoolean() ? "it is still catching up with the log" : "no leader (a majority of the"
                    + " members must run)"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoLeaderException("interrupted while waiting for grid peer " + peerId + " to be ready", e);
        } catch (ExecutionException e) {
            throw new NoLeaderException("grid peer " + peerId + " cannot become ready: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
