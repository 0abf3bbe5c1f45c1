package io.hamok.raft.internal;

import io.hamok.raft.NearCacheLink;
import io.hamok.raft.NearCacheMode;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.MapClear;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The near caches of one peer: invalidates their keys in log order (linearizable ones when an entry
 * reaches this peer's log, eventual ones when it is applied) and holds the leases on both sides.
 */
final class NearCaches {
    private static final Logger LOG = LoggerFactory.getLogger(NearCaches.class);

    private final String localPeerId;
    private final Map<String, List<MapGuard>> guards = new ConcurrentHashMap<>();
    private final AtomicInteger linearizableOpen = new AtomicInteger();
    private final LeaseKeeper keeper;
    private final LeaseGrants grants;
    private final LongSupplier lastLogIndex;
    private volatile long storeIndexBase = -1;

    private final java.util.concurrent.ScheduledExecutorService timer;
    private final java.util.function.Supplier<org.apache.ratis.client.RaftClient> clientFactory;
    private ReconnectingClient client;
    private boolean closed;

    private NearCaches(String localPeerId, java.util.List<String> otherPeers, long leaseNanos,
                       java.util.function.Supplier<org.apache.ratis.client.RaftClient> clientFactory,
                       java.util.function.Supplier<org.apache.ratis.server.RaftServer.Division> division,
                       LongSupplier appliedIndex, LongSupplier executedThrough) {
        this.localPeerId = localPeerId;
        this.clientFactory = clientFactory;
        this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hamok-lease-" + localPeerId);
            thread.setDaemon(true);
            return thread;
        });
        this.lastLogIndex = () -> {
            var last = division.get().getRaftLog().getLastEntryTermIndex();
            return last == null ? 0 : last.getIndex();
        };
        this.keeper = new LeaseKeeper(localPeerId, leaseNanos, this::sendLease, timer, (index, term) -> {
            var log = division.get().getRaftLog();
            if (index < log.getStartIndex()) {
                return true;
            }
            var at = log.getTermIndex(index);
            return at != null && at.getTerm() == term;
        }, index -> appliedIndex.getAsLong() >= index, executedThrough);
        this.grants = new LeaseGrants(localPeerId, otherPeers, leaseNanos,
                () -> FollowerMatch.read(division.get().getInfo()), index -> {
                    var at = division.get().getRaftLog().getTermIndex(index);
                    return at == null ? 0 : at.getTerm();
                }, executedThrough, timer, () -> linearizableOpen.get() > 0);
    }

    /**
     * The near caches of a peer.
     *
     * @param lease           how long a lease lasts (shorter than the election timeout)
     * @param clientFactory   a Raft client without retries, for the lease requests (made on first use)
     * @param division        this peer's Raft division (its log and, while leading, its followers)
     */
    static NearCaches create(String localPeerId, java.util.List<String> otherPeers, java.time.Duration lease,
                             java.util.function.Supplier<org.apache.ratis.client.RaftClient> clientFactory,
                             java.util.function.Supplier<org.apache.ratis.server.RaftServer.Division> division,
                             LongSupplier appliedIndex, LongSupplier executedThrough) {
        return new NearCaches(localPeerId, otherPeers, lease.toNanos(), clientFactory, division, appliedIndex, executedThrough);
    }

    /** A linearizable read-only request to the leader: Ratis confirms its leadership before it answers. */
    private java.util.concurrent.CompletableFuture<org.apache.ratis.protocol.RaftClientReply> sendLease(
            org.apache.ratis.protocol.Message message) {
        ReconnectingClient current;
        synchronized (this) {
            if (closed) {
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("closed"));
            }
            if (client == null) {
                client = new ReconnectingClient(clientFactory);
            }
            current = client;
        }
        return current.readLinearizable(message);
    }

    LeaseGrants grants() {
        return grants;
    }

    /** Opens a near cache of a map on this peer. */
    NearCacheLink open(String mapId, NearCacheMode mode, boolean versioned, NearCacheLink.Invalidations invalidations) {
        if (mode == NearCacheMode.OFF) {
            throw new IllegalArgumentException("nearCache : off (expected: linearizable or eventual to open a near cache)");
        }
        MapGuard guard = new MapGuard(mapId, mode, versioned, invalidations, this);
        boolean linearizable = mode == NearCacheMode.LINEARIZABLE;
        if (linearizable) {
            linearizableOpen.incrementAndGet();
        }
        guards.computeIfAbsent(mapId, id -> new CopyOnWriteArrayList<>()).add(guard);
        // registered first: every entry after this index reaches the guard, every one before is below its floor
        guard.touchAll(lastLogIndex.getAsLong());
        keeper.users(linearizable, 1);
        return guard;
    }

    void unregister(MapGuard guard) {
        List<MapGuard> list = guards.get(guard.mapId());
        if (list != null && list.remove(guard)) {
            boolean linearizable = guard.mode() == NearCacheMode.LINEARIZABLE;
            if (linearizable) {
                linearizableOpen.decrementAndGet();
            }
            keeper.users(linearizable, -1);
        }
    }

    boolean mayServe(boolean linearizable) {
        return keeper.mayServe(linearizable);
    }

    long executedThrough() {
        return keeper.executedThrough();
    }

    long storeIndexBase() {
        return storeIndexBase;
    }

    void storeIndexBase(long base) {
        storeIndexBase = base;
    }

    /**
     * An entry reached this peer's log (before it is applied): linearizable near caches drop its keys.
     * Returns the decoded entry (for the apply to reuse), or {@code null} if none was decoded.
     */
    LogEntry onAppend(LogEntryProto proto) {
        if (linearizableOpen.get() == 0 || !proto.hasStateMachineLogEntry()) {
            return null;
        }
        LogEntry entry;
        try {
            entry = Wire.decode(proto.getStateMachineLogEntry().getLogData(), LogEntry.class);
        } catch (Throwable e) { // a hostile entry must not stop this follower's append
            LOG.warn("{}: cannot decode log entry {} for the near caches; dropping them all: {}", localPeerId,
                    proto.getIndex(), e.toString());
            guards.values().forEach(list -> list.forEach(g -> g.touchAll(proto.getIndex())));
            return null;
        }
        touch(proto.getIndex(), entry, true);
        return entry;
    }

    /** An entry was applied here: every near cache drops its keys (eventual ones only now). */
    void onApply(long index, LogEntry entry) {
        if (!guards.isEmpty()) {
            touch(index, entry, false);
        }
    }

    private void touch(long index, LogEntry entry, boolean linearizableOnly) {
        if (!(entry instanceof CommandBatch batch)) {
            return;
        }
        for (Command command : batch.commands()) {
            if (!(command instanceof MapWrite) && !(command instanceof MapClear)) {
                continue;
            }
            List<MapGuard> list = guards.get(command.mapId());
            if (list == null || list.isEmpty()) {
                continue;
            }
            for (MapGuard guard : list) {
                if (linearizableOnly && guard.mode() != NearCacheMode.LINEARIZABLE) {
                    continue;
                }
                if (command instanceof MapWrite write) {
                    for (RawWrite raw : write.writes()) {
                        guard.touch(raw.key(), index);
                    }
                } else {
                    guard.touchAll(index);
                }
            }
        }
    }

    /** This peer skipped entries (a snapshot was installed): every near cache starts over. */
    void reset(long index) {
        guards.values().forEach(list -> list.forEach(g -> g.touchAll(Math.max(index, lastLogIndex.getAsLong()))));
    }

    /** Another leader, or none; {@code lastIndex} is this peer's last log index when it took the lead. */
    void leaderChanged(boolean nowLeading, long lastIndex) {
        keeper.leaderChanged();
        if (nowLeading) {
            grants.startLeading(lastIndex);
        } else {
            grants.stopLeading();
        }
    }

    void close() {
        keeper.close();
        timer.shutdownNow();
        ReconnectingClient last;
        synchronized (this) {
            closed = true;
            last = client;
        }
        if (last != null) {
            try {
                last.close();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("{}: closing the lease client: {}", localPeerId, e.toString());
            }
        }
    }
}
