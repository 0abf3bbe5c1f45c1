package io.hamok.raft.command;

/** What the leader answers for one {@link Command}. */
public sealed interface CommandResult permits CommandResult.Done, CommandResult.Written, CommandResult.Failed {

    /** Executed; nothing to report (clear, listen, noop). {@code effects} as for {@link Written}. */
    record Done(long logIndex, Effect[] effects) implements CommandResult {}

    /**
     * A {@link MapWrite} was executed.
     *
     * @param logIndex the entry's log index
     * @param outcomes one per write, in order
     * @param effects  the effects, present only while the calling peer listens on the map
     */
    record Written(long logIndex, KeyOutcome[] outcomes, Effect[] effects) implements CommandResult {}

    /**
     * Not executed, for a reason that names the problem.
     *
     * @param logIndex  the entry's log index (0 if none)
     * @param committed whether the command is committed (then it may still take effect: see message)
     * @param known     whether the outcome is known (false: committed but its result was lost)
     * @param message   what went wrong
     */
    record Failed(long logIndex, boolean committed, boolean known, String message) implements CommandResult {}
}
