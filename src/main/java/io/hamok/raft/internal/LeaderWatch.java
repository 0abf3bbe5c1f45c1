package io.hamok.raft.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts the leader changes one peer sees and logs each once. */
final class LeaderWatch {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderWatch.class);

    private final String localPeerId;
    private final AtomicLong changes = new AtomicLong();
    private String leaderId;

    LeaderWatch(String localPeerId) {
        this.localPeerId = Objects.requireNonNull(localPeerId, "localPeerId");
    }

    /**
     * Records the leader Ratis reports. A repeat of the last known leader is no change, and neither is
     * "no leader" (an election in progress): a change counts once, when a different leader is known.
     */
    void leaderIs(Object newLeaderId) {
        if (newLeaderId == null) {
            return;
        }
        String id = newLeaderId.toString();
        String previous;
        synchronized (this) {
            if (id.equals(leaderId)) {
                return;
            }
            previous = leaderId;
            leaderId = id;
        }
        changes.incrementAndGet();
        LOG.info("{}: leader is now {}{} (was {})", localPeerId, id, id.equals(localPeerId) ? ", this peer" : "",
                previous == null ? "none known" : previous);
    }

    long changes() {
        return changes.get();
    }
}
