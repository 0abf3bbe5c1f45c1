package io.hamok.raft.command;

import java.util.Objects;

/**
 * Tells every peer whether a peer has listeners on a map, so the leader produces effects only
 * while somebody listens.
 */
public record Listen(String mapId, String peerId, boolean listening) implements Command {
    public Listen {
        Objects.requireNonNull(mapId, "mapId");
        Objects.requireNonNull(peerId, "peerId");
    }

    @Override
    public int estimatedBytes() {
        return 8 + mapId.length() + peerId.length();
    }
}
