package io.hamok.raft.command;

/** Does nothing; its log index tells {@code sync} what to wait for. */
public record Noop() implements Command {
    @Override
    public String mapId() {
        return null;
    }

    @Override
    public int estimatedBytes() {
        return 4;
    }
}
