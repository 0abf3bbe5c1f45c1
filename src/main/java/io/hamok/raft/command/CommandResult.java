package io.hamok.raft.command;

/** What the leader answers for one {@link Command}. */
public sealed interface CommandResult permits CommandResult.Done, CommandResult.Written, CommandResult.Failed,
        CommandResult.Repeated {

    /**
     * Executed; nothing to report (clear, listen, noop).
     *
     * @param logIndex        the entry's log index
     * @param eventsIndex     the log index of the latest effects entry committed before this answer
     * @param eventsPublished whether this command's effects were published (as for {@link Written})
     */
    record Done(long logIndex, long eventsIndex, boolean eventsPublished) implements CommandResult {}

    /**
     * A {@link MapWrite} was executed.
     *
     * @param logIndex        the entry's log index
     * @param outcomes        one per write, in order
     * @param eventsPublished whether its effects went to the listening peers in an effects entry
     *                        (the caller waits for them so that its own listeners run in log order)
     */
    record Written(long logIndex, KeyOutcome[] outcomes, boolean eventsPublished) implements CommandResult {
        public Written {
            Elements.requireNoNulls(outcomes, "outcomes");
        }
    }

    /**
     * Not executed, for a reason that names the problem.
     *
     * @param logIndex  the entry's log index (0 if none)
     * @param committed whether the command is committed (then it may still take effect: see message)
     * @param known     whether the outcome is known (false: committed but its result was lost)
     * @param message   what went wrong
     */
    record Failed(long logIndex, boolean committed, boolean known, String message) implements CommandResult {}

    /**
     * Not executed again: a command with the same request id took effect before (an earlier copy of a
     * retried request). Its own result is not kept.
     *
     * @param logIndex the log index of this copy
     */
    record Repeated(long logIndex) implements CommandResult {}
}
