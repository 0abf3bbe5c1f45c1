package io.hamok.raft.internal;

import io.hamok.exceptions.HamokException;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a peer asks the other peers before it starts its Raft server: their wire version and their
 * view of the members. The rules:
 * <ul>
 *   <li>A peer of another wire version answers: this peer refuses to start ({@link WireVersion#mixRefused}).</li>
 *   <li>A grid that runs (a peer answers with a log) has the last word on its members: {@code hamok.peers}
 *       is only the bootstrap list. When the two differ, this peer logs both and follows the grid (Ratis
 *       keeps the configuration in the log); a peer that is not a member waits until a member adds it.</li>
 *   <li>A grid that starts anew (no peer answers with a log) has only the configured lists: a peer whose
 *       list differs from this one's makes this peer refuse to start, since two bootstrap lists can make
 *       two majorities.</li>
 * </ul>
 * Peers that do not answer (not started yet) are not checked; the later of two peers finds the other.
 */
final class StartupChecks {
    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);
    /** A stale read with this content asks a peer's wire version (see {@link HamokStateMachine#queryStale}). */
    static final String VERSION_QUESTION = "hamok:wire-version?";

    private final GridConfig config;
    private final RaftGroupId groupId;

    StartupChecks(GridConfig config, RaftGroupId groupId) {
        this.config = config;
        this.groupId = groupId;
    }

    /** The answer to {@link #VERSION_QUESTION}. */
    static boolean isVersionQuestion(Message request) {
        return request.getContent().toString(StandardCharsets.UTF_8).equals(VERSION_QUESTION);
    }

    /**
     * Asks every other configured peer that answers.
     *
     * @param localLog whether this peer's storage already holds a log (then its own log names the members)
     * @throws HamokException when this peer must not start
     */
    void run(Supplier<RaftClient> probes, boolean localLog) {
        List<PeerAddress> configured = sorted(config.peers());
        try (RaftClient probe = probes.get()) {
            List<PeerAddress> gridMembers = null;
            String toldBy = null;
            String freshDisagreement = null;
            for (PeerAddress other : config.peers()) {
                if (other.id().equals(config.localPeerId())) {
                    continue;
                }
                RaftPeerId id = RaftPeerId.valueOf(other.id());
                GroupInfoReply info;
                try {
                    info = probe.getGroupManagementApi(id).info(groupId);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{}: peer {} did not answer at start-up: {}", config.localPeerId(), other, e.toString());
                    continue;
                }
                checkVersion(probe, id);
                List<PeerAddress> members = GroupAdmin.members(info);
                if (info.getLogInfoProto().getLastEntry().getIndex() > 0) {
                    gridMembers = members;
                    toldBy = other.id();
                } else if (!members.equals(configured) && freshDisagreement == null) {
                    freshDisagreement = "peer '" + other.id() + "' lists " + members;
                }
            }
            if (gridMembers != null) {
                followGrid(configured, gridMembers, toldBy);
            } else if (freshDisagreement != null && !localLog) {
                throw new HamokException("hamok.peers differs between the peers of grid '" + config.groupId() + "': peer '"
                        + config.localPeerId() + "' lists " + configured + ", " + freshDisagreement + ". A new grid needs"
                        + " the same hamok.peers on every peer, so this peer does not start. Give every peer the same list;"
                        + " to change the members of a running grid, use add-peer and remove-peer (docs/OPERATIONS.md)");
            }
        } catch (IOException e) {
            LOG.debug("{}: cannot close the start-up probe: {}", config.localPeerId(), e.toString());
        }
    }

    private void checkVersion(RaftClient probe, RaftPeerId peer) {
        byte ours = Wire.VERSION;
        RaftClientReply reply;
        try {
            reply = probe.io().sendStaleRead(Message.valueOf(VERSION_QUESTION), 0, peer);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: peer {} did not tell its wire version: {}", config.localPeerId(), peer, e.toString());
            return;
        }
        if (!reply.isSuccess() || reply.getMessage() == null || reply.getMessage().getContent().size() != 1) {
            LOG.debug("{}: peer {} did not tell its wire version: {}", config.localPeerId(), peer, reply.getException());
            return;
        }
        int theirs = reply.getMessage().getContent().byteAt(0);
        if (theirs != ours) {
            throw new HamokException(WireVersion.mixRefused(config.localPeerId(), peer.toString(), theirs, ours));
        }
    }

    private void followGrid(List<PeerAddress> configured, List<PeerAddress> members, String toldBy) {
        if (members.equals(configured)) {
            return;
        }
        boolean member = members.stream().anyMatch(p -> p.id().equals(config.localPeerId()));
        LOG.warn("{}: hamok.peers lists {}, but the grid's current members are {} (as peer '{}' knows them). The configured"
                        + " list only bootstraps a new grid: this peer follows the grid's members{}",
                config.localPeerId(), configured, members, toldBy,
                member ? "." : "; it is not one of them and waits until a member adds it (add-peer, docs/OPERATIONS.md).");
    }

    private static List<PeerAddress> sorted(List<PeerAddress> peers) {
        return peers.stream().sorted(Comparator.comparing(PeerAddress::id)).toList();
    }
}
