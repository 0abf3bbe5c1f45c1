package io.hamok.raft.internal;

import io.hamok.raft.GridConfig;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.GroupInfoRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader that closes hands its leadership to the most caught-up follower first, so that the grid
 * goes on at once instead of waiting an election timeout to notice that the leader is gone. Asks its
 * own server (no client, no retries): a close waits at most the shortest election timeout for it.
 */
final class LeadershipHandOver {
    private static final Logger LOG = LoggerFactory.getLogger(LeadershipHandOver.class);
    private static final ClientId CLIENT = ClientId.randomId();

    private LeadershipHandOver() {}

    /** Transfers the leadership; logs and returns if it cannot. */
    static void beforeClose(GridConfig config, RaftServer server, RaftGroupId groupId) {
        // a follower up to date wins within about a round trip; past the shortest election timeout the
        // others would have noticed anyway
        long timeout = config.electionTimeoutMin().toMillis();
        long start = System.nanoTime();
        try {
            GroupInfoReply info = server.getGroupInfoAsync(new GroupInfoRequest(CLIENT, server.getId(), groupId, 0))
                    .get(timeout, TimeUnit.MILLISECONDS);
            Optional<String> next = GroupAdmin.bestFollower(info, server.getId().toString());
            if (next.isEmpty()) {
                return;
            }
            RaftClientReply reply = server.transferLeadershipAsync(new TransferLeadershipRequest(CLIENT, server.getId(), groupId,
                    1, RaftPeerId.valueOf(next.get()), timeout)).get(timeout + 500, TimeUnit.MILLISECONDS);
            if (reply.isSuccess()) {
                LOG.info("{}: closing; handed the leadership to {} in {} ms", config.localPeerId(), next.get(),
                        (System.nanoTime() - start) / 1_000_000);
            } else {
                LOG.warn("{}: closing; could not hand the leadership to {}, the others elect a leader after an election"
                        + " timeout: {}", config.localPeerId(), next.get(), String.valueOf(reply.getException()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: closing; could not hand the leadership over, the others elect a leader after an election"
                    + " timeout: {}", config.localPeerId(), e.toString());
        }
    }
}
