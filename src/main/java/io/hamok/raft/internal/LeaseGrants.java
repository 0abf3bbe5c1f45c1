package io.hamok.raft.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * The leader's side of near-cache leases: grants them, and holds back the execution of each entry on
 * the store (and so its answer) until every peer with a linearizable lease has the entry in its log,
 * where it dropped the entry's keys, or that lease ran out. Executing, not only answering, waits: a
 * store read on any peer must never show a write that a leased peer could still contradict from its
 * near cache.
 *
 * <p>A lease request reaches {@link #grant} only after Ratis confirmed this peer's leadership with a
 * majority after the request arrived (a linearizable read), so any leader elected later took the lead
 * after the requester sent it, and (with Ratis' pre-vote, its default) at least an election timeout after
 * it: by then the lease, half an election timeout long, has run out. As a second line, for elections
 * without pre-vote such as a forced leadership transfer: a peer's lease ends one lease after it sent the
 * request (by its own clock, less a margin), and a new leader that uses near caches itself (or granted
 * leases before) executes nothing within one lease of taking the lead unless each follower has accepted
 * an entry of its term (a follower drops the old leader's lease the moment it accepts the new leader).
 */
final class LeaseGrants {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private record Held(long untilNanos, long catchUpIndex, long grantedAtNanos) {}

    private final String localPeerId;
    private final List<String> otherPeers;
    private final long leaseNanos;
    private final Supplier<Map<String, Long>> matchIndexes;
    private final LongUnaryOperator termAt;
    private final LongSupplier executedThrough;
    private final ScheduledExecutorService timer;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong executableThrough = new AtomicLong();
    private volatile boolean leading;
    private volatile long leadStartNanos;
    private volatile long termStartIndex;
    private volatile long lastIndexAtLeadStart;
    /** Whether this peer opened a linearizable near cache: only then does a new leadership begin with a wait. */
    private final java.util.function.BooleanSupplier usesLeases;
    private volatile boolean everGranted;

    LeaseGrants(String localPeerId, List<String> otherPeers, long leaseNanos, Supplier<Map<String, Long>> matchIndexes,
                LongUnaryOperator termAt, LongSupplier executedThrough, ScheduledExecutorService timer,
                java.util.function.BooleanSupplier usesLeases) {
        this.usesLeases = usesLeases;
        this.localPeerId = localPeerId;
        this.otherPeers = List.copyOf(otherPeers);
        this.leaseNanos = leaseNanos;
        this.matchIndexes = matchIndexes;
        this.termAt = termAt;
        this.executedThrough = executedThrough;
        this.timer = timer;
    }

    /** This peer took the lead with {@code lastIndex} the last entry of its log (its term's entries follow). */
    void startLeading(long lastIndex) {
        held.clear();
        lastIndexAtLeadStart = lastIndex;
        termStartIndex = lastIndex + 1;
        leadStartNanos = System.nanoTime();
        leading = true;
    }

    /** This peer no longer leads: executing still waits for the leases it granted to run out. */
    void stopLeading() {
        leading = false;
    }

    /** Answers a lease request (on the leader's query path). */
    LeaseMessages.Grant grant(LeaseMessages.Request request) {
        if (!leading) {
            return new LeaseMessages.Grant(false, 0, 0, 0);
        }
        long now = System.nanoTime();
        String peer = request.peerId();
        if (request.linearizable() && !peer.equals(localPeerId)) {
            Held previous = held.get(peer);
            if (previous != null && now - previous.grantedAtNanos() > leaseNanos
                    && matchIndexes.get().getOrDefault(peer, -1L) < previous.catchUpIndex()) {
                // it lags more than a lease behind what it was told to catch up with: writes stop waiting for it
                held.remove(peer);
                return new LeaseMessages.Grant(false, 0, 0, 0);
            }
            // recorded before the catch-up index is read: an execution either waits for this peer or is covered
            everGranted = true;
            held.put(peer, new Held(now + leaseNanos, previous == null ? 0 : previous.catchUpIndex(), now));
        }
        long catchUp = Math.max(executableThrough.get(), lastIndexAtLeadStart);
        if (request.linearizable() && !peer.equals(localPeerId)) {
            held.put(peer, new Held(now + leaseNanos, catchUp, now));
        }
        long executed = executedThrough.getAsLong();
        return new LeaseMessages.Grant(leading, catchUp, catchUp <= 0 ? 0 : termAt.applyAsLong(catchUp), executed);
    }

    /**
     * Completes when the entries through {@code index} may be executed (and then answered): every peer
     * holding a linearizable lease has them in its log, or that lease ran out.
     */
    CompletableFuture<Void> beforeExecute(long index) {
        executableThrough.accumulateAndGet(index, Math::max);
        if (ready(index)) {
            return DONE;
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        timer.schedule(() -> poll(index, ready), 1, TimeUnit.MILLISECONDS);
        return ready;
    }

    private void poll(long index, CompletableFuture<Void> ready) {
        try {
            if (ready(index)) {
                ready.complete(null);
                return;
            }
        } catch (RuntimeException e) {
            ready.complete(null);
            return;
        }
        timer.schedule(() -> poll(index, ready), 1, TimeUnit.MILLISECONDS);
    }

    private boolean ready(long index) {
        long now = System.nanoTime();
        boolean leads = leading;
        boolean inWindow = leads && now - leadStartNanos < leaseNanos && (everGranted || usesLeases.getAsBoolean());
        Map<String, Long> match = null;
        for (Map.Entry<String, Held> entry : held.entrySet()) {
            if (entry.getValue().untilNanos() - now <= 0) {
                held.remove(entry.getKey(), entry.getValue());
                continue;
            }
            if (!leads) {
                return false;
            }
            if (match == null) {
                match = matchIndexes.get();
            }
            if (match.getOrDefault(entry.getKey(), -1L) < index) {
                return false;
            }
        }
        if (inWindow) {
            if (match == null) {
                match = matchIndexes.get();
            }
            for (String peer : otherPeers) {
                if (match.getOrDefault(peer, -1L) < termStartIndex) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Peers whose linearizable lease has not run out (for tests and statistics). */
    int holders() {
        long now = System.nanoTime();
        return (int) held.values().stream().filter(h -> h.untilNanos() - now > 0).count();
    }
}
