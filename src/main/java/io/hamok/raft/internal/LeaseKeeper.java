package io.hamok.raft.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * This peer's side of near-cache leases: asks the leader for a lease a few times per lease while some
 * near cache is open, and tells whether reads may be served now. A lease counts from the moment its
 * request was sent, for nine tenths of its length (clock-rate margin); it is dropped the moment this peer
 * learns of another leader. A linearizable lease serves once this peer's log holds the grant's
 * catch-up entry (every write acknowledged before the grant is then invalidated here), an eventual one
 * once this peer applied it.
 */
final class LeaseKeeper {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LeaseKeeper.class);

    /** One grant as this peer sees it. */
    private static final class Held {
        final long untilNanos;
        final long epoch;
        final boolean linearizable;
        final LeaseMessages.Grant grant;
        volatile boolean caughtUp;

        Held(long untilNanos, long epoch, boolean linearizable, LeaseMessages.Grant grant) {
            this.untilNanos = untilNanos;
            this.epoch = epoch;
            this.linearizable = linearizable;
            this.grant = grant;
        }
    }

    private final String localPeerId;
    private final long leaseNanos;
    private final Function<Message, CompletableFuture<RaftClientReply>> send;
    private final ScheduledExecutorService timer;
    /** Whether this peer's log holds the entry (index, term): a linearizable grant's catch-up. */
    private final java.util.function.BiPredicate<Long, Long> logHolds;
    private final LongPredicate applied;
    private final AtomicLong knownExecuted = new AtomicLong();
    private final LongSupplier localExecuted;
    private final AtomicLong leaderEpoch = new AtomicLong();
    private final AtomicInteger linearizableUsers = new AtomicInteger();
    private final AtomicInteger eventualUsers = new AtomicInteger();
    private volatile Held latest;
    private volatile Held serving;
    private volatile long inFlightSince;
    private volatile boolean started;
    private volatile boolean closed;

    LeaseKeeper(String localPeerId, long leaseNanos, Function<Message, CompletableFuture<RaftClientReply>> send,
                ScheduledExecutorService timer, java.util.function.BiPredicate<Long, Long> logHolds, LongPredicate applied,
                LongSupplier localExecuted) {
        this.localPeerId = localPeerId;
        this.leaseNanos = leaseNanos;
        this.send = send;
        this.timer = timer;
        this.logHolds = logHolds;
        this.applied = applied;
        this.localExecuted = localExecuted;
    }

    /** A near cache of this mode opened ({@code +1}) or closed ({@code -1}). */
    void users(boolean linearizable, int delta) {
        (linearizable ? linearizableUsers : eventualUsers).addAndGet(delta);
        synchronized (this) {
            if (!started && delta > 0) {
                started = true;
                long every = Math.max(1, leaseNanos / 3);
                timer.scheduleWithFixedDelay(this::renew, 0, every, TimeUnit.NANOSECONDS);
            }
        }
        renew();
    }

    /** Another leader (or none): every lease of the previous one is void at once. */
    void leaderChanged() {
        leaderEpoch.incrementAndGet();
        latest = null;
        serving = null;
    }

    /** The highest index through which the store is known to have executed every entry. */
    long executedThrough() {
        return Math.max(knownExecuted.get(), localExecuted.getAsLong());
    }

    /** Whether a near cache of this kind may serve reads now. */
    boolean mayServe(boolean linearizable) {
        long now = System.nanoTime();
        long epoch = leaderEpoch.get();
        Held newest = latest;
        if (newest != null && valid(newest, now, epoch, linearizable) && caughtUp(newest)) {
            serving = newest;
            return true;
        }
        Held current = serving;
        return current != null && valid(current, now, epoch, linearizable);
    }

    private static boolean valid(Held held, long now, long epoch, boolean linearizable) {
        return held.epoch == epoch && held.untilNanos - now > 0 && (held.linearizable || !linearizable);
    }

    private boolean caughtUp(Held held) {
        if (held.caughtUp) {
            return true;
        }
        LeaseMessages.Grant grant = held.grant;
        boolean ok = grant.catchUpIndex() <= 0 || (held.linearizable
                ? logHolds.test(grant.catchUpIndex(), grant.catchUpTerm())
                : applied.test(grant.catchUpIndex()));
        if (ok) {
            held.caughtUp = true;
        }
        return ok;
    }

    private void renew() {
        if (closed) {
            return;
        }
        boolean linearizable = linearizableUsers.get() > 0;
        if (!linearizable && eventualUsers.get() <= 0) {
            return;
        }
        long now = System.nanoTime();
        long since = inFlightSince;
        if (since != 0 && now - since < leaseNanos) {
            return;
        }
        inFlightSince = now;
        long epoch = leaderEpoch.get();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = send.apply(Message.valueOf(LeaseMessages.request(localPeerId, linearizable)));
        } catch (RuntimeException e) {
            inFlightSince = 0;
            return;
        }
        reply.orTimeout(leaseNanos, TimeUnit.NANOSECONDS).whenComplete((answer, error) -> {
            inFlightSince = 0;
            if (error != null || answer == null || !answer.isSuccess()) {
                LOG.debug("{}: no near-cache lease: {}", localPeerId, error != null ? error.toString()
                        : answer == null ? "no reply" : String.valueOf(answer.getException()));
                return;
            }
            ByteString content = answer.getMessage().getContent();
            LeaseMessages.Grant grant;
            try {
                grant = LeaseMessages.readGrant(content);
            } catch (RuntimeException e) {
                LOG.warn("{}: unreadable near-cache lease grant: {}", localPeerId, e.toString());
                return;
            }
            if (!grant.granted()) {
                return;
            }
            knownExecuted.accumulateAndGet(grant.executedThrough(), Math::max);
            if (leaderEpoch.get() == epoch) {
                latest = new Held(now + leaseNanos / 10 * 9, epoch, linearizable, grant);
            }
        });
    }

    void close() {
        closed = true;
        leaderChanged();
    }
}
