package io.hamok.exceptions;

/**
 * A write whose outcome this peer cannot tell: it timed out, or it was committed but its result was
 * lost with the leader that executed it. {@link #committed()} says whether the write is known to be in
 * the Raft log (then it takes effect exactly once, only its result is unknown).
 */
public class OutcomeUnknownException extends HamokException {
    private static final long serialVersionUID = 1L;
    private final boolean committed;

    public OutcomeUnknownException(String message, boolean committed, Throwable cause) {
        super(message + (committed ? " (the write is committed: it takes effect once, its result is unknown)"
                : " (the write may or may not take effect)"), cause);
        this.committed = committed;
    }

    /** True when the write is known to be committed. */
    public boolean committed() {
        return committed;
    }
}
