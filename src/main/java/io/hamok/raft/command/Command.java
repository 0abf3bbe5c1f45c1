package io.hamok.raft.command;

/**
 * One operation a peer asks the grid to order. Many commands from many callers travel in one Raft
 * entry; each gets its own {@link CommandResult}.
 */
public sealed interface Command permits MapWrite, MapClear, Listen, Noop, Genesis, Checkpoint {
    /** The map this command is about, or {@code null}. */
    String mapId();

    /** Rough encoded size, for the entry byte limit. */
    int estimatedBytes();
}
