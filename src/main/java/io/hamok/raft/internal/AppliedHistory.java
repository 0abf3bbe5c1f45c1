package io.hamok.raft.internal;

import java.util.ArrayDeque;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * When this peer applied which log index, sampled: answers "the last index applied at least
 * {@code settle} ago". A snapshot is taken only at such an index, so the log it lets Ratis purge
 * holds only entries the leader executed long ago (the follower window has let them go too).
 */
final class AppliedHistory {
    private static final long SAMPLE_NANOS = 50_000_000L;

    private final long settleNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Sample settled;

    AppliedHistory(java.time.Duration settle) {
        this.settleNanos = settle.toNanos();
    }

    /** Records that {@code index} (of {@code term}) was applied at {@code nanos}. */
    synchronized void record(long term, long index, long nanos) {
        Sample last = samples.peekLast();
        if (last == null || nanos - last.nanos() >= SAMPLE_NANOS) {
            samples.addLast(new Sample(nanos, TermIndex.valueOf(term, index)));
        }
    }

    /** The last recorded index applied at least the settle time before {@code nanos}, or {@code null}. */
    synchronized TermIndex settledAt(long nanos) {
        while (!samples.isEmpty() && nanos - samples.peekFirst().nanos() >= settleNanos) {
            settled = samples.pollFirst();
        }
        return settled == null ? null : settled.applied();
    }

    /** Forgets every sample (after the state was replaced by an installed snapshot). */
    synchronized void clear() {
        samples.clear();
        settled = null;
    }

    private record Sample(long nanos, TermIndex applied) {}
}
