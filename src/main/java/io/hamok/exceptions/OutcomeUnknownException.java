package io.hamok.exceptions;

/**
 * A write whose outcome this peer cannot tell: it timed out, or it was committed but its result was
 * lost with the leader that executed it. {@link #committed()} says whether the write is known to be in
 * the Raft log (then it takes effect exactly once, only its result is unknown).
 */
public class OutcomeUnknownException extends HamokException {
    private static final long serialVersionUID = 1L;
    private final boolean committed;
    private transient java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> retry;

    public OutcomeUnknownException(String message, boolean committed, Throwable cause) {
        super(message + (committed ? " (the write is committed: it takes effect once, its result is unknown)"
                : " (the write may or may not take effect)"), cause);
        this.committed = committed;
    }

    /** True when the write is known to be committed. */
    public boolean committed() {
        return committed;
    }

    /**
     * Sends the same write again under the same request id, so that it takes effect at most once in all
     * (the grid remembers executed request ids for twice {@code retryCacheExpiry}). Completes like the
     * first call would have: with the map-level result (see {@code HamokRemoteMap#write}), or with
     * another {@code OutcomeUnknownException}, which can be retried in turn. A retry of a write whose
     * first try did take effect completes as applied, without its result values (old values).
     *
     * @throws IllegalStateException if this exception does not stand for a retryable write
     */
    public java.util.concurrent.CompletableFuture<?> retry() {
        if (retry == null) {
            throw new IllegalStateException("this outcome is not retryable (expected: the exception of a map write)");
        }
        return retry.get();
    }

    /** Whether {@link #retry()} can send the write again. */
    public boolean retryable() {
        return retry != null;
    }

    /** Makes this exception retryable by the given action (the map layer sets it). Returns this exception. */
    public OutcomeUnknownException withRetry(java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> action) {
        this.retry = action;
        return this;
    }
}
