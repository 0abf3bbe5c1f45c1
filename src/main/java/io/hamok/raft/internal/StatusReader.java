package io.hamok.raft.internal;

import io.hamok.raft.GridStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/** Reads a {@link GridStatus} from a peer's Ratis division and hamok's own counters. */
final class StatusReader {
    private StatusReader() {}

    static GridStatus read(String peerId, RaftServer.Division division, long appliedIndex, Map<String, Long> appliedByMap,
                           BatchStats stats, long leaderChanges, RequestTimer timer) {
        GridStatus.Batching batching = new GridStatus.Batching(stats.commandsPerEntry(), stats.commandsPerForward(),
                stats.commandsPerStoreWrite());
        if (division == null) {
            return new GridStatus(peerId, GridStatus.CLOSED, null, 0, 0, appliedIndex, Long.MAX_VALUE, leaderChanges,
                    List.of(), Map.of(), batching, timer.count(), timer.totalNanos());
        }
        DivisionInfo info = division.getInfo();
        String leaderId = info.getLeaderId() == null ? null : info.getLeaderId().toString();
        long commitIndex = division.getRaftLog().getLastCommittedIndex();
        boolean leading = info.isLeader();
        long leaderCommit = leading ? commitIndex : leaderCommit(division, leaderId, commitIndex);
        List<GridStatus.PeerProgress> peers = leading ? followers(info, division.getRaftLog().getLastEntryTermIndex() == null
                ? 0 : division.getRaftLog().getLastEntryTermIndex().getIndex()) : List.of();
        return new GridStatus(peerId, info.getCurrentRole().name(), leaderId, info.getCurrentTerm(), commitIndex,
                appliedIndex, leaderCommit, leaderChanges, peers, leading ? appliedByMap : Map.of(), batching,
                timer.count(), timer.totalNanos());
    }

    /** The leader's commit index as this peer last heard it; its own when it heard nothing. */
    private static long leaderCommit(RaftServer.Division division, String leaderId, long own) {
        if (leaderId == null) {
            return own;
        }
        for (CommitInfoProto commit : division.getCommitInfos()) {
            if (leaderId.equals(commit.getServer().getId().toStringUtf8())) {
                return Math.max(own, commit.getCommitIndex());
            }
        }
        return own;
    }

    /** The followers in the order Ratis keeps its log appenders, matched with their match indexes. */
    private static List<GridStatus.PeerProgress> followers(DivisionInfo info, long lastIndex) {
        RoleInfoProto role = info.getRoleInfoProto();
        long[] matches = info.getFollowerMatchIndices();
        List<ServerRpcProto> followers = role.hasLeaderInfo() ? role.getLeaderInfo().getFollowerInfoList() : List.of();
        List<GridStatus.PeerProgress> peers = new ArrayList<>();
        if (matches == null || matches.length != followers.size()) {
            return peers;
        }
        for (int i = 0; i < matches.length; i++) {
            String id = followers.get(i).getId().getId().toStringUtf8();
            peers.add(new GridStatus.PeerProgress(id, matches[i], Math.max(0, lastIndex - matches[i])));
        }
        return peers;
    }
}
