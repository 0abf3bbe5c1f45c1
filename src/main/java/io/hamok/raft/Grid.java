package io.hamok.raft;

import io.hamok.exceptions.NoLeaderException;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.RequestId;
import io.hamok.raft.internal.BatchStats;
import io.hamok.raft.internal.GridPeer;
import io.hamok.store.FencedRemoteMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One peer of a grid: an embedded Ratis server and client. All maps of the grid are multiplexed on
 * its one Raft group. Start with {@link #start(GridConfig)}; {@link #close()} releases ports, threads
 * and files, so peers can be started and stopped repeatedly in one JVM.
 */
public final class Grid implements AutoCloseable {
    private final GridPeer peer;

    private Grid(GridPeer peer) {
        this.peer = peer;
    }

    /**
     * Starts this peer and returns once its Raft server runs (a leader may not be elected yet).
     *
     * @throws io.hamok.exceptions.HamokException if the server cannot start (port taken, storage unusable)
     */
    public static Grid start(GridConfig config) {
        return new Grid(GridPeer.start(config));
    }

    public GridConfig config() {
        return peer.config();
    }

    public String localPeerId() {
        return peer.config().localPeerId();
    }

    /** The directory of this peer's Raft log and snapshots (a temporary one unless configured). */
    public java.nio.file.Path storageDir() {
        return peer.storageDir();
    }

    /** Whether this peer is the leader now. */
    public boolean isLeader() {
        return peer.isLeader();
    }

    /** The current leader's id, if one is known. */
    public Optional<String> leaderId() {
        return peer.leaderId();
    }

    /**
     * Waits until a leader is known and ready to take writes.
     *
     * @throws NoLeaderException if none is within the timeout
     */
    public void awaitLeader(Duration timeout) {
        peer.awaitLeader(timeout);
    }

    /** Orders a command; the future completes with the leader's result (never exceptionally). */
    public CompletableFuture<CommandResult> submit(Command command) {
        return peer.submit(command);
    }

    /**
     * Orders a command under a request id of {@link #newRequestId()}: sent again under the same id (a
     * retry), it takes effect at most once; a copy after one that took effect answers
     * {@link CommandResult.Repeated}.
     */
    public CompletableFuture<CommandResult> submit(Command command, RequestId requestId) {
        return peer.submit(command, requestId);
    }

    /** A request id unique across peers and restarts. */
    public RequestId newRequestId() {
        return peer.newRequestId();
    }

    /** Completes when this peer has applied everything committed when it was called. */
    public CompletableFuture<Void> sync() {
        return peer.sync();
    }

    /**
     * Completes once this peer has delivered the events of every command up to {@code commandIndex}
     * (a write whose events were published waits for this, so listeners see everything in log order).
     * The value is the first failure this peer's listeners raised on its own commands at that index.
     */
    public CompletableFuture<RuntimeException> awaitEvents(long commandIndex) {
        return peer.awaitEvents(commandIndex);
    }

    /** The built-in store of a map, for reads. */
    public FencedRemoteMap store(String mapId) {
        return peer.store(mapId);
    }

    /** Makes a user-written store the store of a map on this peer. */
    public void registerUserStore(String mapId, FencedRemoteMap store) {
        peer.registerUserStore(mapId, store);
    }

    /** Receives every peer's effects on a map, in commit order; several sinks per map id may register. */
    public void registerEffectsSink(String mapId, EffectsSink sink) {
        peer.registerEffectsSink(mapId, sink);
    }

    /** Removes a sink registered with {@link #registerEffectsSink}. */
    public void unregisterEffectsSink(String mapId, EffectsSink sink) {
        peer.unregisterEffectsSink(mapId, sink);
    }

    /** Removes a store registered with {@link #registerUserStore}, if it is still the map's. */
    public void unregisterUserStore(String mapId, FencedRemoteMap store) {
        peer.unregisterUserStore(mapId, store);
    }

    /**
     * Starts ({@code true}) or stops listening on a map for one local user: the grid produces effects
     * while some peer listens. Completes when the grid knows (immediately when nothing changes).
     */
    public CompletableFuture<CommandResult> listen(String mapId, boolean listening) {
        return peer.listen(mapId, listening);
    }

    /**
     * Opens this peer's near cache of a map: the grid invalidates its keys in log order and says when it
     * may serve reads (see docs/NEAR-CACHE.md).
     *
     * @param versioned whether stored versions are store indexes (the built-in stores), which lets a
     *                  value read right after a write enter the cache
     * @throws IllegalArgumentException if {@code mode} is {@link NearCacheMode#OFF}
     */
    public NearCacheLink openNearCache(String mapId, NearCacheMode mode, boolean versioned,
                                       NearCacheLink.Invalidations invalidations) {
        return peer.openNearCache(mapId, mode, versioned, invalidations);
    }

    /** Batching counters (commands per entry, per store write). */
    public BatchStats batchStats() {
        return peer.batchStats();
    }

    /** Stops this peer: fails queued calls, closes the Raft server, client, threads and stores. */
    @Override
    public void close() {
        peer.close();
    }
}
