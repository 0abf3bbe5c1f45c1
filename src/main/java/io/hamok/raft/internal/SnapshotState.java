package io.hamok.raft.internal;

import io.hamok.raft.command.Listen;

/**
 * The grid's replicated state that outlives the log entries that built it: the log incarnation's
 * store-index base, who listens on which map, and per map the store index of the last events every
 * peer delivered. A snapshot of it lets Ratis purge the entries before the snapshot's index.
 *
 * @param storeIndexBase  the base of store indexes set by the {@code Genesis} entry, or -1 before it
 * @param listens         one {@code Listen(listening=true)} per map and listening peer
 * @param publishedMaps   maps with delivered events, parallel to {@code publishedThrough}
 * @param publishedThrough the store index through which each of those maps' events were delivered
 * @param checkpoint      the log index through which every command entry was executed
 */
record SnapshotState(long storeIndexBase, Listen[] listens, String[] publishedMaps, long[] publishedThrough,
                     long checkpoint) {
    SnapshotState {
        io.hamok.raft.command.Elements.requireNoNulls(listens, "listens");
        io.hamok.raft.command.Elements.requireNoNulls(publishedMaps, "publishedMaps");
        java.util.Objects.requireNonNull(publishedThrough, "publishedThrough");
        io.hamok.raft.command.Elements.requireLength(publishedThrough.length, publishedMaps.length, "publishedThrough");
    }
}
