package io.hamok.raft.command;

import java.util.Objects;

/**
 * Key writes on one map, executed in order; each write is atomic on its own.
 *
 * @param mapId     the map
 * @param writes    the writes
 * @param returnOld whether results carry the old values
 * @param userStore whether the map keeps its data in a user-written store (only peers that created
 *                  the map can execute it)
 */
public record MapWrite(String mapId, RawWrite[] writes, boolean returnOld, boolean userStore) implements Command {
    public MapWrite {
        Objects.requireNonNull(mapId, "mapId");
        Objects.requireNonNull(writes, "writes");
    }

    @Override
    public int estimatedBytes() {
        int bytes = 16 + mapId.length();
        for (RawWrite write : writes) {
            bytes += write.estimatedBytes();
        }
        return bytes;
    }
}
