package io.hamok.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Grid#status()} and the grid MXBean on a three-peer grid on loopback. */
class GridStatusTest {
    private static final String STORE = "grid-status-" + System.nanoTime();
    private static MemoryStoreFactory keepsTheStore;
    private static TestGrid grid;

    @BeforeAll
    static void start() {
        keepsTheStore = MemoryStoreFactory.named(STORE);
        grid = TestGrid.start(3, () -> MemoryStoreFactory.named(STORE));
    }

    @AfterAll
    static void stop() {
        grid.close();
        keepsTheStore.close();
    }

    @Test
    void status_afterWrites_showsLeaderFollowersAndAppliedIndexes() {
        int leader = grid.awaitLeaderIndex();
        int follower = (leader + 1) % 3;
        HamokRemoteMap<String, Integer> map = HamokRemoteMap.create(grid.peer(follower),
                HamokRemoteMapConfig.<String, Integer>builder("status").build());
        for (int i = 0; i < 20; i++) {
            map.set("k" + i, i).join();
        }
        GridStatus leading = grid.peer(leader).status();
        assertEquals("LEADER", leading.role());
        assertTrue(leading.leading());
        assertEquals("p" + leader, leading.leaderId());
        assertEquals("p" + leader, leading.peerId());
        assertTrue(leading.term() >= 1, "term " + leading.term());
        assertTrue(leading.commitIndex() >= 20, "commit index " + leading.commitIndex());
        assertTrue(leading.appliedIndexByMap().getOrDefault("status", 0L) > 0, "applied by map " + leading.appliedIndexByMap());
        assertTrue(leading.batching().commandsPerEntry() >= 1, "commands per entry " + leading.batching());
        assertEquals(Set.of("p" + follower, "p" + (leader + 2) % 3),
                Set.copyOf(leading.peers().stream().map(GridStatus.PeerProgress::peerId).toList()));
        await(() -> grid.peer(leader).status().peers().stream().allMatch(p -> p.lag() == 0), "followers catch up");

        await(() -> grid.peer(follower).status().caughtUp(), "the follower catches up");
        GridStatus following = grid.peer(follower).status();
        assertEquals("FOLLOWER", following.role());
        assertEquals("p" + leader, following.leaderId());
        assertTrue(following.peers().isEmpty(), "a follower reports no peers: " + following.peers());
        assertTrue(following.appliedIndexByMap().isEmpty(), "a follower reports no store indexes");
        assertTrue(following.leaderChanges() >= 1, "leader changes " + following.leaderChanges());
        assertTrue(following.requests() >= 20, "requests " + following.requests());
        assertTrue(following.meanRequestMillis() > 0, "mean request millis " + following.meanRequestMillis());
        assertTrue(following.batching().commandsPerForward() >= 1, "commands per forward " + following.batching());
        assertNull(grid.peer(follower).probeStore(Duration.ofSeconds(5)), "the memory store answers");
    }

    @Test
    void mxBean_perPeer_readsTheStatus() throws Exception {
        int leader = grid.awaitLeaderIndex();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int i = 0; i < 3; i++) {
            ObjectName name = new ObjectName("io.hamok:type=Grid,group=hamok,peer=p" + i);
            assertTrue(server.isRegistered(name), name + " registered");
            assertEquals("p" + i, server.getAttribute(name, "PeerId"));
            assertEquals(i == leader ? "LEADER" : "FOLLOWER", server.getAttribute(name, "Role"));
            assertEquals("p" + leader, server.getAttribute(name, "LeaderId"));
            assertEquals(grid.peer(i).status().term(), server.getAttribute(name, "Term"));
        }
        ObjectName leaderName = new ObjectName("io.hamok:type=Grid,group=hamok,peer=p" + leader);
        TabularData lags = (TabularData) server.getAttribute(leaderName, "PeerLags");
        assertEquals(2, lags.size(), "the leader's bean lists both followers");
        assertTrue((Long) server.getAttribute(leaderName, "CommitIndex") >= 1);
    }

    @Test
    void leaderChange_countedOnTheSurvivors_andTheBeanLeavesWithThePeer() throws Exception {
        int leader = grid.awaitLeaderIndex();
        int survivor = (leader + 1) % 3;
        long before = grid.peer(survivor).status().leaderChanges();
        grid.stopPeer(leader);
        ObjectName gone = new ObjectName("io.hamok:type=Grid,group=hamok,peer=p" + leader);
        assertTrue(!ManagementFactory.getPlatformMBeanServer().isRegistered(gone), "a stopped peer's bean is gone");
        grid.peer(survivor).awaitLeader(TestGrid.LEADER_TIMEOUT);
        await(() -> grid.peer(survivor).status().leaderId() != null
                && !grid.peer(survivor).status().leaderId().equals("p" + leader), "a new leader");
        assertEquals(before + 1, grid.peer(survivor).status().leaderChanges(), "one change: to the new leader");
        grid.startPeer(leader);
        await(() -> grid.peer(leader).status().caughtUp(), "the restarted peer catches up");
    }

    @Test
    void mxBean_twoPeersOfOneNameInOneJvm_secondGetsAnInstanceKey() throws Exception {
        String store = "grid-status-twins-" + System.nanoTime();
        MemoryStoreFactory keep = MemoryStoreFactory.named(store);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Grid first = Grid.start(twin(store)); Grid second = Grid.start(twin(store))) {
            ObjectName plain = new ObjectName("io.hamok:type=Grid,group=twins,peer=solo");
            ObjectName numbered = new ObjectName("io.hamok:type=Grid,group=twins,peer=solo,instance=2");
            assertTrue(server.isRegistered(plain) && server.isRegistered(numbered), "both peers' beans");
            second.close();
            assertTrue(!server.isRegistered(numbered) && server.isRegistered(plain), "each bean leaves with its peer");
        } finally {
            keep.close();
        }
        assertTrue(server.queryNames(new ObjectName("io.hamok:type=Grid,group=twins,*"), null).isEmpty(), "no bean left behind");
    }

    private static GridConfig twin(String store) {
        return GridConfig.builder().groupId("twins")
                .peers(java.util.List.of(new PeerAddress("solo", "127.0.0.1", TestGrid.freePort())))
                .localPeerId("solo").electionTimeout(Duration.ofMillis(150), Duration.ofMillis(300))
                .storeFactory(MemoryStoreFactory.named(store)).build();
    }

    private static void await(BooleanSupplier condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
