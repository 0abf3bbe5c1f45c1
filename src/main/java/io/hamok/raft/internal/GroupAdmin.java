package io.hamok.raft.internal;

import io.hamok.exceptions.HamokException;
import io.hamok.raft.PeerAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;

/**
 * Membership changes and status through the Ratis admin API, for the grid's own admin calls and the
 * command-line tool alike. A change goes to the leader as one Raft configuration change: Ratis
 * catches a new peer up first (it counts for no majority meanwhile), then commits the joint and
 * the new configuration.
 */
public final class GroupAdmin {
    private final RaftClient client;
    private final RaftGroupId groupId;

    public GroupAdmin(RaftClient client, RaftGroupId groupId) {
        this.client = client;
        this.groupId = groupId;
    }

    /**
     * Connects to a grid from outside (the command-line tool): a Raft client that knows {@code peers}
     * (the members to ask; any of them will do) and speaks TLS if given. Each call waits at most
     * {@code timeout}; a refused call is tried again every 250 ms until {@code patience} has passed since
     * connecting. Close it after use.
     */
    public static Connection connect(String groupId, List<PeerAddress> peers, io.hamok.raft.PeerTls tls, java.time.Duration timeout,
                                     java.time.Duration patience) {
        org.apache.ratis.conf.RaftProperties properties = new org.apache.ratis.conf.RaftProperties();
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(properties,
                org.apache.ratis.util.TimeDuration.valueOf(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        org.apache.ratis.grpc.GrpcConfigKeys.setMessageSizeMax(properties, org.apache.ratis.util.SizeInBytes.valueOf(16L << 20));
        RaftGroupId id = groupId(groupId);
        RaftClient client = RaftClient.newBuilder()
                .setProperties(properties)
                .setParameters(RaftSettings.tls(tls))
                .setRaftGroup(org.apache.ratis.protocol.RaftGroup.valueOf(id, peers.stream().map(GroupAdmin::raftPeer).toList()))
                .setClientId(org.apache.ratis.protocol.ClientId.randomId())
                .setRetryPolicy(retryUntil(System.nanoTime() + patience.toNanos()))
                .build();
        return new Connection(client, new GroupAdmin(client, id));
    }

    /** Retries every 250 ms until the deadline ({@link System#nanoTime()}), then gives up. */
    static org.apache.ratis.retry.RetryPolicy retryUntil(long deadlineNanos) {
        org.apache.ratis.util.TimeDuration pause = org.apache.ratis.util.TimeDuration.valueOf(250, java.util.concurrent.TimeUnit.MILLISECONDS);
        return event -> System.nanoTime() - deadlineNanos < 0 ? () -> pause : org.apache.ratis.retry.RetryPolicy.NO_RETRY_ACTION;
    }

    /** The Raft group id of a grid's {@code groupId}. */
    public static RaftGroupId groupId(String groupId) {
        return RaftGroupId.valueOf(java.util.UUID.nameUUIDFromBytes(groupId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A client of a grid and its admin calls. */
    public record Connection(RaftClient client, GroupAdmin admin) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /** What one peer knows of the grid. */
    public record Status(String askedPeer, String leaderId, long term, List<PeerAddress> members,
                         long commitIndex, long appliedIndex, List<String> peerCommitIndexes) {
        /** Human-readable lines, one fact each. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("asked:    " + askedPeer);
            lines.add("leader:   " + (leaderId == null ? "none known" : leaderId) + " (last entry's term " + term + ")");
            lines.add("members:  " + members);
            lines.add("commit:   " + commitIndex + ", applied here: " + appliedIndex);
            lines.add("commits:  " + peerCommitIndexes);
            return lines;
        }
    }

    /** The grid as the given peer sees it. */
    public Status status(RaftPeerId peer) throws IOException {
        GroupInfoReply info = client.getGroupManagementApi(peer).info(groupId);
        String leader = info.getRoleInfoProto().hasFollowerInfo()
                ? leaderOf(info) : info.getRoleInfoProto().hasLeaderInfo() ? peer.toString() : null;
        long commit = info.getCommitInfos().stream().filter(c -> c.getServer().getId().toStringUtf8().equals(peer.toString()))
                .mapToLong(CommitInfoProto::getCommitIndex).findFirst().orElse(-1);
        List<String> commits = info.getCommitInfos().stream()
                .map(c -> c.getServer().getId().toStringUtf8() + "=" + c.getCommitIndex()).sorted().toList();
        return new Status(peer.toString(), leader, info.getLogInfoProto().getLastEntry().getTerm(),
                members(info), commit, info.getLogInfoProto().getApplied().getIndex(), commits);
    }

    private static String leaderOf(GroupInfoReply info) {
        String id = info.getRoleInfoProto().getFollowerInfo().getLeaderInfo().getId().getId().toStringUtf8();
        return id.isEmpty() ? null : id;
    }

    /** The members of the configuration the peer's reply carries (its current one), else of its group. */
    static List<PeerAddress> members(GroupInfoReply info) {
        Optional<RaftConfigurationProto> conf = info.getConf();
        if (conf.isPresent() && conf.get().getPeersCount() > 0) {
            return conf.get().getPeersList().stream().map(GroupAdmin::address)
                    .sorted(Comparator.comparing(PeerAddress::id)).toList();
        }
        return info.getGroup().getPeers().stream().map(GroupAdmin::address)
                .sorted(Comparator.comparing(PeerAddress::id)).toList();
    }

    private static PeerAddress address(RaftPeerProto peer) {
        return address(peer.getId().toStringUtf8(), peer.getAddress());
    }

    static PeerAddress address(RaftPeer peer) {
        return address(peer.getId().toString(), peer.getAddress());
    }

    private static PeerAddress address(String id, String address) {
        int colon = address.lastIndexOf(':');
        return new PeerAddress(id, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    /** The current members, as the given peer knows them. */
    public List<PeerAddress> members(RaftPeerId peer) throws IOException {
        return members(client.getGroupManagementApi(peer).info(groupId));
    }

    /**
     * Adds a peer to the grid's configuration; returns once the new configuration is committed (the
     * new peer caught up). The new peer must run (started with a peer list that names it).
     */
    public void addPeer(PeerAddress peer) throws IOException {
        RaftClientReply reply = client.admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(List.of(raftPeer(peer)))
                .setMode(SetConfigurationRequest.Mode.ADD)
                .build());
        require(reply, "add peer " + peer);
    }

    /**
     * Removes a peer from the grid's configuration, as the given peer knows it; returns once the new
     * configuration is committed. Refuses to remove the last member.
     */
    public void removePeer(String peerId, RaftPeerId askedPeer) throws IOException {
        List<PeerAddress> current = members(askedPeer);
        if (current.stream().noneMatch(p -> p.id().equals(peerId))) {
            throw new IllegalArgumentException("peer : '" + peerId + "' (expected: a member, one of " + current + ")");
        }
        if (current.size() == 1) {
            throw new IllegalArgumentException("peer : '" + peerId + "' (expected: not the grid's last member)");
        }
        List<RaftPeer> remaining = current.stream().filter(p -> !p.id().equals(peerId)).map(GroupAdmin::raftPeer).toList();
        GroupInfoReply info = client.getGroupManagementApi(askedPeer).info(groupId);
        String leader = status(askedPeer).leaderId();
        if (peerId.equals(leader)) {
            // Hand the leadership over first: a leader that removes itself steps down only after the change,
            // and the others would wait an election timeout.
            String next = bestFollower(info, leader).orElseThrow();
            require(client.admin().transferLeadership(RaftPeerId.valueOf(next), 10_000), "transfer the leadership to " + next);
        }
        List<RaftPeer> before = current.stream().map(GroupAdmin::raftPeer).toList();
        RaftClientReply reply = client.admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                .setServersInCurrentConf(before)
                .setServersInNewConf(remaining)
                .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                .build());
        require(reply, "remove peer " + peerId);
    }

    /**
     * Makes {@code newLeader} the leader, or, when null, the member with the highest commit index other
     * than the current leader; returns the new leader's id. A transfer that another peer's election
     * overtook (Ratis answers DIFFERENT_LEADER) has done its job when no peer was named; otherwise it is
     * tried again, {@value #TRANSFER_ATTEMPTS} times in all.
     */
    public String transferLeadership(String newLeader, RaftPeerId askedPeer, long timeoutMillis) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Status status = status(askedPeer);
            String target = newLeader;
            if (target == null) {
                target = bestFollower(client.getGroupManagementApi(askedPeer).info(groupId), status.leaderId())
                        .orElseThrow(() -> new IllegalStateException("no member but the leader " + status.leaderId()
                                + " to transfer the leadership to; members: " + status.members()));
            } else if (status.members().stream().noneMatch(p -> p.id().equals(newLeader))) {
                throw new IllegalArgumentException("peer : '" + newLeader + "' (expected: a member, one of " + status.members() + ")");
            }
            RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(target), timeoutMillis);
            if (reply.isSuccess()) {
                return target;
            }
            String leaderNow = status(askedPeer).leaderId();
            boolean done = leaderNow != null && (newLeader == null ? !leaderNow.equals(status.leaderId()) : leaderNow.equals(newLeader));
            if (done) {
                return leaderNow;
            }
            if (attempt == TRANSFER_ATTEMPTS) {
                require(reply, "transfer the leadership to " + target);
            }
        }
    }

    private static final int TRANSFER_ATTEMPTS = 3;

    /** The most caught-up member other than {@code leader}. */
    static Optional<String> bestFollower(GroupInfoReply info, String leader) {
        List<String> members = members(info).stream().map(PeerAddress::id).toList();
        return info.getCommitInfos().stream()
                .filter(c -> members.contains(c.getServer().getId().toStringUtf8()))
                .filter(c -> !c.getServer().getId().toStringUtf8().equals(leader))
                .max(Comparator.comparingLong(CommitInfoProto::getCommitIndex))
                .map(c -> c.getServer().getId().toStringUtf8());
    }

    static RaftPeer raftPeer(PeerAddress address) {
        return RaftPeer.newBuilder().setId(address.id()).setAddress(address.address()).build();
    }

    private static void require(RaftClientReply reply, String what) {
        if (!reply.isSuccess()) {
            throw new HamokException("cannot " + what + ": " + reply.getException(), reply.getException());
        }
    }
}
