package io.hamok.raft;

import java.util.Map;

/**
 * The grid as JMX shows it, one bean per peer, registered as
 * {@code io.hamok:type=Grid,group=<groupId>,peer=<peerId>} while the peer runs. Every attribute reads
 * {@link Grid#status()}.
 */
public interface GridMXBean {
    String getPeerId();

    /** {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE}, {@code LISTENER} or {@code CLOSED}. */
    String getRole();

    /** The leader's id, or an empty string when none is known. */
    String getLeaderId();

    long getTerm();

    long getCommitIndex();

    long getAppliedIndex();

    boolean isCaughtUp();

    long getLeaderChanges();

    /** On the leader: each follower's match index. */
    Map<String, Long> getPeerMatchIndexes();

    /** On the leader: how many entries each follower lacks. */
    Map<String, Long> getPeerLags();

    /** On the leader: the log index each map's store has applied. */
    Map<String, Long> getAppliedIndexByMap();

    double getCommandsPerEntry();

    double getCommandsPerForward();

    double getCommandsPerStoreWrite();

    long getRequests();

    double getMeanRequestMillis();
}
