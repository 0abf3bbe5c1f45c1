package io.hamok.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.management.GridAdminBean;
import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line tool and the JMX bean against a running grid of three peers in this JVM. */
class GridAdminTest {
    @TempDir
    Path storage;
    private final String store = "grid-admin-" + System.nanoTime();
    private final MemoryStoreFactory keepsTheStore = MemoryStoreFactory.named(store);
    private final List<PeerAddress> addresses = IntStream.range(0, 3)
            .mapToObj(i -> new PeerAddress("p" + i, "127.0.0.1", TestGrid.freePort())).toList();
    private final List<Grid> peers = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startGrid() {
        for (PeerAddress address : addresses) {
            peers.add(Grid.start(GridConfig.builder().groupId("admin").peers(addresses).localPeerId(address.id())
                    .storageDir(storage.resolve(address.id())).storeFactory(MemoryStoreFactory.named(store)).build()));
        }
        peers.get(0).awaitReady(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopGrid() {
        peers.parallelStream().forEach(Grid::close);
        keepsTheStore.close();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return GridAdmin.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] grid(String... command) {
        List<String> args = new ArrayList<>(List.of("--group", "admin", "--peer", addresses.get(1).toString()));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    @Test
    void status_namesLeaderAndMembers() {
        assertEquals(GridAdmin.OK, run(grid("status")), err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("members:  " + addresses), text);
        assertTrue(text.contains("leader:   " + peers.get(0).leaderId().orElseThrow()), text);
    }

    @Test
    void status_withAPeersPropertiesFile_readsGroupAndPeersFromIt() throws Exception {
        java.util.Properties file = new java.util.Properties();
        file.setProperty("hamok.peers", addresses.stream().map(PeerAddress::toString)
                .collect(java.util.stream.Collectors.joining(",")));
        file.setProperty("hamok.localPeerId", "p1");
        file.setProperty("hamok.groupId", "admin");
        // a real peer's file, as a grid of several processes needs: the tool itself never opens the store
        file.setProperty("hamok.store", "redis");
        file.setProperty("hamok.redis.url", "redis://127.0.0.1:1");
        Path config = storage.resolve("p1.properties");
        try (var writer = java.nio.file.Files.newBufferedWriter(config)) {
            file.store(writer, "peer p1");
        }
        assertEquals(GridAdmin.OK, run("--config", config.toString(), "--ask", "p1", "status"), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("asked:    p1"), out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("members:  " + addresses), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void transferLeader_toANamedPeer_movesTheLeadership() {
        String leader = peers.get(0).leaderId().orElseThrow();
        String target = addresses.stream().map(PeerAddress::id).filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        assertEquals(GridAdmin.OK, run(grid("transfer-leader", target)), err.toString(StandardCharsets.UTF_8));
        assertEquals("leader: " + target, out.toString(StandardCharsets.UTF_8).strip());
        await().atMost(Duration.ofSeconds(30)).until(() -> peers.get(Integer.parseInt(target.substring(1))).isLeader());
    }

    @Test
    void removePeer_notAMember_usageErrorNamingTheMembers() {
        assertEquals(GridAdmin.USAGE, run(grid("remove-peer", "p7")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("peer : 'p7' (expected: a member, one of " + addresses + ")"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void timeout_notAPositiveNumber_usageError_andBoundsACommandNobodyAnswers() {
        assertEquals(GridAdmin.USAGE, run(grid("--timeout", "soon", "status")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--timeout : 'soon' (expected: a positive number of seconds)"),
                err.toString(StandardCharsets.UTF_8));

        long start = System.nanoTime();
        int status = run("--group", "admin", "--peer", "nobody@127.0.0.1:" + TestGrid.freePort(), "--timeout", "1", "status");

        assertEquals(GridAdmin.FAILED, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("status failed: "),
                err.toString(StandardCharsets.UTF_8));
        // without the option, a refused call is tried for 60 s
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(30),
                "gave up after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void unknownCommandOrNoGrid_usageError() {
        assertEquals(GridAdmin.USAGE, run(grid("grow")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("command : 'grow' (expected: status, add-peer, remove-peer"
                + " or transfer-leader)"), err.toString(StandardCharsets.UTF_8));
        assertEquals(GridAdmin.USAGE, run("status"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("name the grid: --config <peer properties>, or --group and --peer"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mbean_listsMembersAndTransfersTheLeadership() throws Exception {
        Grid grid = peers.get(2);
        grid.awaitReady(Duration.ofSeconds(30));
        GridAdminBean.register(grid);
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.hamok:type=GridAdmin,group=\"admin\",peer=\"p2\"");
            assertArrayEquals(addresses.stream().map(PeerAddress::toString).toArray(String[]::new),
                    (String[]) server.getAttribute(name, "Members"));
            assertEquals(true, server.getAttribute(name, "Ready"));
            String leader = (String) server.getAttribute(name, "Leader");
            String next = (String) server.invoke(name, "transferLeadership", new Object[] {""}, new String[] {String.class.getName()});
            assertTrue(!next.equals(leader) && next.matches("p[0-2]"), "new leader " + next + ", was " + leader);
        } finally {
            GridAdminBean.unregister(grid);
        }
    }
}
