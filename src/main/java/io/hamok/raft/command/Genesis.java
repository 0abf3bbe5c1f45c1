package io.hamok.raft.command;

/**
 * Names the incarnation of a Raft log: the first one applied fixes, on every peer, the base that
 * turns log indexes into store indexes, so that a grid restarted with fresh logs over a store that
 * kept its data never mistakes its new, small indexes for entries already applied.
 *
 * @param epochMillis milliseconds since 2025-01-01 when the proposing leader found the log without one
 */
public record Genesis(long epochMillis) implements Command {
    @Override
    public String mapId() {
        return null;
    }

    @Override
    public int estimatedBytes() {
        return 12;
    }
}
