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
 * @param blind     whether the caller ignores whether keys existed: then the leader stores unconditional
 *                  puts whose TTL does not depend on existence without reading the keys first (unless
 *                  a peer listens on the map), and their outcomes may say "did not exist"
 */
public record MapWrite(String mapId, RawWrite[] writes, boolean returnOld, boolean userStore, boolean blind)
        implements Command {
    public MapWrite {
        Objects.requireNonNull(mapId, "mapId");
        Elements.requireNoNulls(writes, "writes");
    }

    /** A write that neither returns nor reports what it replaced. */
    public MapWrite(String mapId, RawWrite[] writes, boolean returnOld, boolean userStore) {
        this(mapId, writes, returnOld, userStore, false);
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
