package io.hamok.raft.command;

/**
 * The leader's word that every command entry up to {@code executedThrough} has been executed on the
 * stores (or found executed by an earlier leader). A new leader executes from the entry after the last
 * checkpoint, reading the log; snapshots, and so the log's purge, never pass it.
 *
 * @param executedThrough the log index through which every command entry was executed
 */
public record Checkpoint(long executedThrough) implements Command {
    public Checkpoint {
        if (executedThrough < 0) {
            throw new IllegalArgumentException("executedThrough : " + executedThrough + " (expected: >= 0)");
        }
    }

    @Override
    public String mapId() {
        return null;
    }

    @Override
    public int estimatedBytes() {
        return 12;
    }
}
