package io.hamok.raft.internal;

import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's current members as this peer knows them: the Raft configuration its server applied last
 * (Ratis keeps it in the log, so it survives a restart), and the configured {@code hamok.peers} only
 * until the server knows one. This peer's client follows it: when the members change, later requests go
 * through a client that knows the new ones.
 */
final class MembershipWatch {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipWatch.class);

    private final GridConfig config;
    private final RaftGroup bootstrap;
    private final Supplier<List<RaftPeer>> current;
    private volatile List<RaftPeer> lastSeen;
    private boolean toldDifference;

    MembershipWatch(GridConfig config, RaftGroup bootstrap, Supplier<List<RaftPeer>> current) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.current = current;
    }

    /** The group of the current members, or the configured one while none is known. */
    RaftGroup group() {
        List<RaftPeer> peers = known();
        return peers == null ? bootstrap : RaftGroup.valueOf(bootstrap.getGroupId(), peers);
    }

    /** The current members, sorted by id. */
    List<PeerAddress> members() {
        List<RaftPeer> peers = known();
        List<RaftPeer> list = peers == null ? List.copyOf(bootstrap.getPeers()) : peers;
        return list.stream().map(GroupAdmin::address).sorted(Comparator.comparing(PeerAddress::id)).toList();
    }

    private List<RaftPeer> known() {
        List<RaftPeer> peers = current.get();
        return peers == null || peers.isEmpty() ? null : peers;
    }

    /** Called every second: on a change of members, logs it and renews the client. */
    synchronized void refresh(ReconnectingClient client) {
        List<RaftPeer> peers = known();
        if (peers == null || lastSeen != null && sameIds(lastSeen, peers)) {
            return;
        }
        boolean first = lastSeen == null;
        lastSeen = peers;
        List<PeerAddress> members = members();
        List<PeerAddress> configured = config.peers().stream().sorted(Comparator.comparing(PeerAddress::id)).toList();
        if (!members.equals(configured) && !toldDifference) {
            toldDifference = true;
            LOG.warn("{}: the grid's members are {}, hamok.peers lists {}: this peer follows the grid (the configured list"
                    + " only bootstraps a new grid; update it to match)", config.localPeerId(), members, configured);
        } else if (!first) {
            LOG.info("{}: the grid's members are now {}", config.localPeerId(), members);
        }
        if (!first || !sameIds(peers, List.copyOf(bootstrap.getPeers()))) {
            client.renew();
        }
    }

    /**
     * The members as another peer of the configuration tells them (for a peer whose own storage is empty),
     * else the configured list.
     */
    List<PeerAddress> askGrid(RaftClient client) {
        for (PeerAddress other : config.peers()) {
            if (other.id().equals(config.localPeerId())) {
                continue;
            }
            try {
                return new GroupAdmin(client, bootstrap.getGroupId()).members(RaftPeerId.valueOf(other.id()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: peer {} did not tell the members: {}", config.localPeerId(), other, e.toString());
            }
        }
        return config.peers();
    }

    private static boolean sameIds(List<RaftPeer> a, List<RaftPeer> b) {
        return a.stream().map(p -> p.getId() + "@" + p.getAddress()).sorted().toList()
                .equals(b.stream().map(p -> p.getId() + "@" + p.getAddress()).sorted().toList());
    }

    /** Whether a storage directory already holds a Raft log. */
    static boolean holdsLog(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(path -> Files.isDirectory(path.resolve("current")));
        } catch (IOException e) {
            return false;
        }
    }
}
