package io.hamok.jcache.internal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.cache.CacheException;

import io.hamok.exceptions.OutcomeUnknownException;

/** Waits on the map layer's futures for the synchronous JCache methods, with a bounded timeout, and bounds them for the asynchronous ones. */
public final class Await {
    private Await() {}

    /**
     * The value of the stage, waiting at most {@code timeout}.
     *
     * @throws OutcomeUnknownException if it did not complete in time
     * @throws RuntimeException        the stage's own failure, unwrapped
     */
    public static <T> T await(CompletionStage<T> stage, Duration timeout, Supplier<String> what) {
        try {
            return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw timedOut(what, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException(what.get() + " was interrupted", e);
        } catch (CancellationException e) {
            throw new CacheException(what.get() + " was cancelled", e);
        }
    }

    /**
     * The future, failing with {@link OutcomeUnknownException} if it has not completed within {@code timeout}
     * (for the asynchronous methods, which have no waiting caller to bound them).
     */
    public static <T> CompletableFuture<T> within(CompletableFuture<T> future, Duration timeout, Supplier<String> what) {
        if (future.isDone()) {
            return future;
        }
        return future.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(timedOut(what, timeout, cause));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** The throwable as a runtime exception to rethrow: unchecked ones as they are, others wrapped. */
    public static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new CacheException(t);
    }

    /** What a call that outlived the request timeout fails with. */
    static OutcomeUnknownException timedOut(Supplier<String> what, Duration timeout, Throwable cause) {
        return new OutcomeUnknownException(what.get() + " did not complete within requestTimeout (" + timeout.toMillis() + " ms)",
                false, cause);
    }
}
