package io.hamok.raft;

import io.hamok.exceptions.NoLeaderException;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.RequestId;
import io.hamok.raft.internal.BatchStats;
import io.hamok.raft.internal.GridBean;
import io.hamok.raft.internal.GridPeer;
import io.hamok.raft.internal.RequestTimer;
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
    private final RequestTimer timer = new RequestTimer();
    private final GridBean bean;

    private Grid(GridPeer peer) {
        this.peer = peer;
        this.bean = GridBean.register(peer.config().groupId(), peer.config().localPeerId(), this::status);
    }

    /**
     * Starts this peer and returns once its Raft server runs (a leader may not be elected yet).
     *
     * @throws io.hamok.exceptions.HamokException if the server cannot start (port taken, storage unusable)
     */
    public static Grid start(GridConfig config) {
        return new Grid(GridPeer.start(config));
    }

    /**
     * Exports Ratis' own metrics (log appends, elections, the retry cache, follower progress) as JMX beans of
     * the domain {@code ratis}. Call it before the first peer starts; Ratis is embedded under a relocated
     * package, so this is the way to reach its metric registries.
     */
    public static void exportRatisMetricsToJmx() {
        org.apache.ratis.metrics.MetricRegistries.global().enableJmxReporter();
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
        return timer.time(peer.submit(command));
    }

    /**
     * Orders a command under a request id of {@link #newRequestId()}: sent again under the same id (a
     * retry), it takes effect at most once; a copy after one that took effect answers
     * {@link CommandResult.Repeated}.
     */
    public CompletableFuture<CommandResult> submit(Command command, RequestId requestId) {
        return timer.time(peer.submit(command, requestId));
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

    /**
     * This peer's view of the grid now: role, leader, term, commit and applied index, the followers'
     * progress (on the leader), batching figures and request counts. Cheap enough to poll.
     */
    public GridStatus status() {
        return peer.status(timer);
    }

    /**
     * Whether the store answers: reads a map's applied index within {@code timeout}.
     *
     * @return {@code null} when the store answered, else what went wrong
     */
    public String probeStore(Duration timeout) {
        try {
            peer.store(STORE_PROBE_MAP).appliedIndex().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within " + timeout;
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            return cause.toString();
        }
    }

    /** The map id {@link #probeStore} reads; no cache uses it. */
    static final String STORE_PROBE_MAP = "hamok/probe";

    /**
     * Waits until this peer is ready: a leader is known and this peer has applied the log up to the
     * commit index it learned after joining. A rolling restart waits for this before it stops the next
     * peer; a health check can use {@link #isReady()}.
     *
     * @throws NoLeaderException if it is not ready within the timeout (no majority runs, or it is still catching up)
     */
    public void awaitReady(Duration timeout) {
        peer.awaitReady(timeout);
    }

    /** Whether this peer is ready (see {@link #awaitReady}); does not wait. */
    public boolean isReady() {
        return peer.isReady();
    }

    /**
     * The grid's current members as this peer knows them: the configured peer list only bootstraps a
     * new grid; after {@link #addPeer} or {@link #removePeer} every member, also after a restart, knows the
     * new members.
     */
    public java.util.List<PeerAddress> members() {
        return peer.members();
    }

    /**
     * Adds a peer to the grid. The new peer must run (started with a peer list that names it); it catches
     * up with the log before it counts for a majority. Returns once the new membership is committed.
     *
     * @throws io.hamok.exceptions.HamokException if the grid refuses the change (no leader, another change in progress)
     */
    public void addPeer(PeerAddress newPeer) {
        admin(() -> {
            peer.admin().addPeer(java.util.Objects.requireNonNull(newPeer, "newPeer"));
            return null;
        });
    }

    /**
     * Removes a member from the grid; returns once the new membership is committed. Stop the removed peer
     * afterwards.
     *
     * @throws IllegalArgumentException if {@code peerId} is not a member, or the last one
     * @throws io.hamok.exceptions.HamokException if the grid refuses the change
     */
    public void removePeer(String peerId) {
        admin(() -> {
            peer.admin().removePeer(java.util.Objects.requireNonNull(peerId, "peerId"), peer.raftPeerId());
            return null;
        });
    }

    /**
     * Makes a member the leader ({@code null}: the most caught-up member other than the leader); returns
     * the new leader's id.
     *
     * @throws IllegalArgumentException if {@code peerId} is not a member
     * @throws io.hamok.exceptions.HamokException if the transfer fails within two election timeouts
     */
    public String transferLeadership(String peerId) {
        return admin(() -> peer.admin().transferLeadership(peerId, peer.raftPeerId(),
                peer.config().electionTimeoutMax().multipliedBy(2).toMillis()));
    }

    private interface AdminCall<T> {
        T call() throws java.io.IOException;
    }

    private static <T> T admin(AdminCall<T> call) {
        try {
            return call.call();
        } catch (java.io.IOException e) {
            throw new io.hamok.exceptions.HamokException("grid admin call failed: " + e.getMessage(), e);
        }
    }

    /** Stops this peer: fails queued calls, closes the Raft server, client, threads and stores. */
    @Override
    public void close() {
        bean.close();
        peer.close();
    }
}
