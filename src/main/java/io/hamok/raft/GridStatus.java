package io.hamok.raft;

import java.util.List;
import java.util.Map;

/**
 * A read-only snapshot of one peer's view of the grid, for health checks, meters and JMX.
 *
 * @param peerId               this peer's id
 * @param role                 this peer's Raft role: {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE},
 *                             {@code LISTENER}, or {@code CLOSED}
 * @param leaderId             the leader's id, or {@code null} when none is known
 * @param term                 the current Raft term
 * @param commitIndex          the last log index this peer knows to be committed
 * @param appliedIndex         the last log index this peer applied
 * @param leaderCommitIndex    the leader's commit index as this peer last heard it (its own when leading)
 * @param leaderChanges        how many times this peer saw the leader change since it started
 * @param peers                on the leader, every other peer with its match index and lag; elsewhere empty
 * @param appliedIndexByMap    on the leader, the log index up to which each map's store holds the effects
 * @param batching             batching figures of this peer
 * @param requests             commands this peer submitted and had answered
 * @param requestNanosTotal    the time those commands took in total, in nanoseconds
 */
public record GridStatus(String peerId, String role, String leaderId, long term, long commitIndex, long appliedIndex,
                         long leaderCommitIndex, long leaderChanges, List<PeerProgress> peers,
                         Map<String, Long> appliedIndexByMap, Batching batching, long requests, long requestNanosTotal) {

    /** The role reported by a closed peer. */
    public static final String CLOSED = "CLOSED";

    public GridStatus {
        peers = List.copyOf(peers);
        appliedIndexByMap = Map.copyOf(appliedIndexByMap);
    }

    /** Whether this peer leads. */
    public boolean leading() {
        return "LEADER".equals(role);
    }

    /**
     * Whether this peer has caught up: a leader is known and this peer applied everything the leader had
     * committed when this peer last heard from it.
     */
    public boolean caughtUp() {
        return leaderId != null && appliedIndex >= leaderCommitIndex;
    }

    /** The mean time a command took, in milliseconds (0 when none). */
    public double meanRequestMillis() {
        return requests == 0 ? 0 : requestNanosTotal / 1e6 / requests;
    }

    /**
     * How far one follower is, as the leader sees it.
     *
     * @param peerId     the follower's id
     * @param matchIndex the last log index the leader knows the follower holds
     * @param lag        entries the follower lacks: the leader's last log index minus the match index
     */
    public record PeerProgress(String peerId, long matchIndex, long lag) {}

    /**
     * Batching figures.
     *
     * @param commandsPerEntry      average commands per Raft entry this peer appended while leading
     * @param commandsPerForward    average commands per batch this peer forwarded to the leader
     * @param commandsPerStoreWrite average commands per fenced store write while leading
     */
    public record Batching(double commandsPerEntry, double commandsPerForward, double commandsPerStoreWrite) {}
}
