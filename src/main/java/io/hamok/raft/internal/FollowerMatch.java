package io.hamok.raft.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.DivisionInfo;

/**
 * The leader's match index of each follower: how far each follower's log is known to agree with the
 * leader's. Ratis gives the indexes and the follower ids in two lists of the same order; they are read
 * until the ids come out alike on both sides of the indexes (a membership change may reorder them).
 */
final class FollowerMatch {
    private FollowerMatch() {}

    /** Follower id to match index; empty when this peer does not lead. */
    static Map<String, Long> read(DivisionInfo info) {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<ServerRpcProto> before = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
            long[] match = info.getFollowerMatchIndices();
            List<ServerRpcProto> after = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
            if (match == null || before.size() != match.length || after.size() != match.length) {
                continue;
            }
            Map<String, Long> byId = new HashMap<>();
            boolean same = true;
            for (int i = 0; i < match.length; i++) {
                String id = before.get(i).getId().getId().toStringUtf8();
                same &= id.equals(after.get(i).getId().getId().toStringUtf8());
                byId.put(id, match[i]);
            }
            if (same) {
                return byId;
            }
        }
        return Map.of();
    }
}
