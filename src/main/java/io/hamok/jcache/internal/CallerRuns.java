package io.hamok.jcache.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.CacheException;

import io.hamok.exceptions.OutcomeUnknownException;

/**
 * The executor of one synchronous call: the steps of the asynchronous operation it waits on are queued
 * here and run by the waiting caller itself. So a synchronous method is a wait on its asynchronous twin,
 * yet the loader, writer, expiry policy and entry processor still run on the caller's thread, as before,
 * and never on a grid thread. Each wait between two steps is bounded by the request timeout; time spent
 * in user code (a slow loader) does not count against it, as it did not when the caller ran it inline.
 */
public final class CallerRuns implements Executor {
    private static final Runnable WAKE = () -> {};

    /** Lock-free: most calls (near-cache hits) complete before any step is queued, and queue nothing. */
    private final LinkedTransferQueue<Runnable> steps = new LinkedTransferQueue<>();

    @Override
    public void execute(Runnable step) {
        steps.add(step);
    }

    /**
     * Runs queued steps until the future completes, and returns its value.
     *
     * @throws OutcomeUnknownException if no step came within {@code timeout}
     * @throws RuntimeException        the operation's own failure, unwrapped
     */
    public <T> T await(CompletableFuture<T> future, Duration timeout, Supplier<String> what) {
        if (future.isDone()) {
            return Await.await(future, timeout, what);
        }
        future.whenComplete((value, failure) -> steps.add(WAKE));
        try {
            while (!future.isDone()) {
                Runnable step = steps.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (step == null && !future.isDone()) {
                    throw Await.timedOut(what, timeout, null);
                }
                if (step != null) {
                    step.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException(what.get() + " was interrupted", e);
        }
        return Await.await(future, timeout, what);
    }
}
