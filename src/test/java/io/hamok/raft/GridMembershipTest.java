package io.hamok.raft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.HamokException;
import io.hamok.exceptions.NoLeaderException;
import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership of a running grid in one JVM on loopback: peers added and removed through {@link Grid},
 * every member (also after a restart with the old peer list) knows the current members, a closing
 * leader hands its leadership over, and peers of a new grid with different peer lists refuse to start.
 */
class GridMembershipTest {
    private static final Duration ELECTION_MIN = Duration.ofMillis(1000);
    private static final Duration ELECTION_MAX = Duration.ofMillis(2000);
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @TempDir
    Path storage;
    private final String storeName = "membership-" + System.nanoTime();
    private final List<PeerAddress> addresses = IntStream.range(0, 4)
            .mapToObj(i -> new PeerAddress("p" + i, "127.0.0.1", TestGrid.freePort())).toList();
    private final Grid[] peers = new Grid[4];
    private final MemoryStoreFactory keepsTheStore = MemoryStoreFactory.named(storeName);

    @AfterEach
    void stopAll() {
        IntStream.range(0, peers.length).filter(i -> peers[i] != null && peers[i].isLeader()).forEach(this::stop);
        IntStream.range(0, peers.length).parallel().forEach(this::stop);
        keepsTheStore.close();
    }

    private Grid start(int i, List<PeerAddress> bootstrap) {
        peers[i] = Grid.start(GridConfig.builder()
                .peers(bootstrap)
                .localPeerId(addresses.get(i).id())
                .electionTimeout(ELECTION_MIN, ELECTION_MAX)
                .storageDir(storage.resolve(addresses.get(i).id()))
                .storeFactory(MemoryStoreFactory.named(storeName))
                .build());
        return peers[i];
    }

    private void stop(int i) {
        if (peers[i] != null) {
            peers[i].close();
            peers[i] = null;
        }
    }

    private List<PeerAddress> first(int n) {
        return addresses.subList(0, n);
    }

    private static HamokRemoteMap<String, Integer> map(Grid grid) {
        return HamokRemoteMap.create(grid, HamokRemoteMapConfig.<String, Integer>builder("members").build());
    }

    private int leader() {
        return await().atMost(EVENTUALLY).until(() -> {
            for (int i = 0; i < peers.length; i++) {
                if (peers[i] != null && peers[i].isLeader()) {
                    return i;
                }
            }
            return -1;
        }, i -> i >= 0);
    }

    private void awaitMembers(List<PeerAddress> expected, int... on) {
        for (int i : on) {
            await("members on p" + i).atMost(EVENTUALLY).until(() -> peers[i].members(), expected::equals);
        }
    }

    @Test
    void addPeer_thenRemovePeer_everyMemberKnowsTheMembersAlsoAfterARestartWithTheOldList() {
        for (int i = 0; i < 3; i++) {
            start(i, first(3));
        }
        peers[0].awaitReady(EVENTUALLY);
        map(peers[0]).set("before", 1).join();

        start(3, first(4));
        peers[1].addPeer(addresses.get(3));
        awaitMembers(first(4), 0, 1, 2, 3);
        peers[3].awaitReady(EVENTUALLY);
        assertEquals(1, map(peers[3]).get("before").join(), "the new peer reads through the grid");
        map(peers[3]).set("from-new", 2).join();

        peers[2].removePeer("p1");
        List<PeerAddress> without1 = List.of(addresses.get(0), addresses.get(2), addresses.get(3));
        awaitMembers(without1, 0, 2, 3);
        stop(1);
        // a majority of {p0, p2, p3} without p1: the grid goes on
        map(peers[0]).set("after-remove", 3).join();

        // p0 restarts with its old configured list, which still names p1 and not p3: its log knows better
        stop(0);
        start(0, first(3));
        awaitMembers(without1, 0);
        peers[0].awaitReady(EVENTUALLY);
        assertEquals(3, map(peers[0]).set("after-restart", 4).thenCompose(ignored -> map(peers[0]).get("after-remove")).join());
    }

    @Test
    void removePeer_notAMember_refusedNamingTheMembers() {
        for (int i = 0; i < 3; i++) {
            start(i, first(3));
        }
        peers[0].awaitReady(EVENTUALLY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> peers[0].removePeer("p9"));
        assertTrue(e.getMessage().contains("'p9' (expected: a member"), e.getMessage());
    }

    @Test
    void close_whileLeading_handsTheLeadershipOverBeforeItStops() {
        for (int i = 0; i < 3; i++) {
            start(i, first(3));
        }
        peers[0].awaitReady(EVENTUALLY);
        int leader = leader();
        stop(leader);
        long closedAt = System.nanoTime();
        // without the hand-over the followers would notice only after an election timeout (at least 1 s here)
        int next = await().atMost(ELECTION_MIN.dividedBy(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (int i = 0; i < peers.length; i++) {
                if (peers[i] != null && peers[i].isLeader()) {
                    return i;
                }
            }
            return -1;
        }, i -> i >= 0);
        System.out.println("[GridMembershipTest] leader p" + leader + " closed; p" + next + " leads "
                + (System.nanoTime() - closedAt) / 1_000_000 + " ms after close returned");
        map(peers[next]).set("after-handover", 1).join();
    }

    @Test
    void close_whileLeadingUnderLoad_writesOfTheOthersPauseLessThanAnElectionTimeout() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(i, first(3));
        }
        peers[0].awaitReady(EVENTUALLY);
        int leader = leader();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ConcurrentLinkedQueue<Long> acks = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i == leader) {
                continue;
            }
            HamokRemoteMap<String, Integer> map = map(peers[i]);
            String key = "w" + i;
            Thread writer = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    try {
                        map.set(key, ++n).get(10, java.util.concurrent.TimeUnit.SECONDS);
                        acks.add(System.nanoTime());
                    } catch (Exception e) {
                        // not acknowledged: the gap shows it
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        Thread.sleep(1000);
        long from = System.nanoTime();
        stop(leader);
        Thread.sleep(1500);
        running.set(false);
        for (Thread writer : writers) {
            writer.join();
        }
        List<Long> times = acks.stream().filter(t -> t >= from - 500_000_000L).sorted().toList();
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, times.get(i) - times.get(i - 1));
        }
        System.out.println("[GridMembershipTest] leader p" + leader + " closed under load; longest write pause "
                + longest / 1_000_000 + " ms");
        assertTrue(longest < ELECTION_MIN.toNanos(), "longest write pause " + longest / 1_000_000 + " ms");
    }

    @Test
    void transferLeadership_toANamedMember_makesItTheLeader() {
        for (int i = 0; i < 3; i++) {
            start(i, first(3));
        }
        peers[0].awaitReady(EVENTUALLY);
        int leader = leader();
        int target = (leader + 1) % 3;
        assertEquals("p" + target, peers[leader].transferLeadership("p" + target));
        await().atMost(EVENTUALLY).until(() -> peers[target].isLeader());
        assertFalse(peers[leader].isLeader());
    }

    @Test
    void start_newGridWithAnotherPeerList_refusesNamingBothLists() {
        start(0, first(3));
        List<PeerAddress> other = List.of(addresses.get(0), addresses.get(1), addresses.get(3));
        HamokException e = assertThrows(HamokException.class, () -> start(1, other));
        assertTrue(e.getMessage().contains("hamok.peers differs between the peers"), e.getMessage());
        assertTrue(e.getMessage().contains("peer 'p0' lists " + first(3)), e.getMessage());
        start(1, first(3));
        start(2, first(3));
        peers[1].awaitReady(EVENTUALLY);
    }

    @Test
    void awaitReady_alone_failsNamingTheMissingMajority() {
        start(0, first(3));
        NoLeaderException e = assertThrows(NoLeaderException.class, () -> peers[0].awaitReady(Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("no leader (a majority of the members must run)"), e.getMessage());
        assertFalse(peers[0].isReady());
        List<Grid> later = new ArrayList<>();
        later.add(start(1, first(3)));
        peers[0].awaitReady(EVENTUALLY);
        assertTrue(peers[0].isReady());
    }
}
