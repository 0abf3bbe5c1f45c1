package io.hamok.map.internal;

import io.hamok.exceptions.HamokException;
import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.raft.command.CommandResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Turns grid results into values or the exception that says what happened. */
public final class Results {
    private Results() {}

    /** The result, or the exception a failed one stands for. */
    public static <R extends CommandResult> R require(String mapId, CommandResult result, Class<R> type) {
        if (result instanceof CommandResult.Failed failed) {
            throw failure(mapId, failed);
        }
        if (result instanceof CommandResult.Repeated repeated) {
            if (type == CommandResult.Done.class) {
                return type.cast(new CommandResult.Done(repeated.logIndex(), 0, false));
            }
            throw new OutcomeUnknownException("map '" + mapId + "': the request was executed once before under the"
                    + " same id; its result is not kept", true, null);
        }
        return type.cast(result);
    }

    static RuntimeException failure(String mapId, CommandResult.Failed failed) {
        if (failed.known()) {
            return new HamokException("map '" + mapId + "': " + failed.message());
        }
        return new OutcomeUnknownException("map '" + mapId + "': " + failed.message(), failed.committed(), null);
    }

    /** Bounds a grid call by the request timeout, reported as an unknown outcome. */
    public static <T> CompletableFuture<T> withTimeout(String mapId, CompletableFuture<T> future, Duration timeout) {
        return future.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionallyCompose(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        return CompletableFuture.failedFuture(new OutcomeUnknownException("map '" + mapId
                                + "': no answer from the leader within requestTimeout " + timeout, false, cause));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }
}
