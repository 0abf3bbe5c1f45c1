package io.hamok.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerMain;
import io.hamok.testing.PeerProcess;
import io.hamok.testing.RegisterHistories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three peers in three JVMs over a real Redis, every cache with a linearizable near cache (one grid for
 * the whole class, keys apart per test). A follower SIGSTOPped: writes wait at most a lease, and once it
 * resumes it serves no stale read. Then concurrent get, put, replace and invoke on a few shared keys from
 * every peer, each call logged with its start and end, and every key's history searched for a
 * linearization: without faults, and under SIGKILLs of the leader ({@code -Pfault-long}: 10 kills).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NearCacheLinearizabilityTest {
    private static final long LOAD_MILLIS = Long.getLong("hamok.near.millis", 3_000);
    private static final int KILLS = Integer.getInteger("hamok.near.kills", 2);

    private final RegisterHistories histories = new RegisterHistories();
    private PeerCluster cluster;

    @BeforeAll
    void start() throws Exception {
        Properties settings = Faults.settings();
        settings.setProperty("hamok.nearCache", "linearizable");
        Path dir = Files.createTempDirectory("hamok-near");
        cluster = PeerCluster.start(3, dir, new PeerLogs().directory(getClass(), "grid"), settings, (peer, line) -> histories.accept(line));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void followerPaused_writesWaitAtMostALease_andItServesNoStaleReadAfter() throws Exception {
        int leader = cluster.awaitLeader(Faults.EVENTUALLY);
        PeerProcess writer = cluster.peer(leader);
        PeerProcess paused = cluster.peer((leader + 1) % 3);
        for (int k = 0; k < 5; k++) {
            writer.call("PUT", PeerMain.DATA + " p" + k + " 1", PeerCluster.REQUEST_TIMEOUT);
        }
        // the follower reads every key twice: the second read is served from its near cache
        long hitsBefore = hits(paused);
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 5; k++) {
                assertEquals("1", paused.call("GET", PeerMain.DATA + " p" + k, PeerCluster.REQUEST_TIMEOUT).trim());
            }
        }
        assertTrue(hits(paused) > hitsBefore, "the follower served no read from its near cache");
        signal("STOP", paused.pid());
        long slowest = 0;
        try {
            for (int k = 0; k < 5; k++) {
                long began = System.nanoTime();
                writer.call("PUT", PeerMain.DATA + " p" + k + " 2", PeerCluster.REQUEST_TIMEOUT);
                slowest = Math.max(slowest, System.nanoTime() - began);
            }
        } finally {
            signal("CONT", paused.pid());
        }
        for (int k = 0; k < 5; k++) {
            assertEquals("2", paused.call("GET", PeerMain.DATA + " p" + k, PeerCluster.REQUEST_TIMEOUT).trim(),
                    "a read on the resumed peer after the acknowledged write of p" + k);
        }
        System.out.println("[NearCacheLinearizabilityTest] slowest write while a follower was paused: "
                + Faults.seconds(slowest) + " s");
        // a lease is half the 700 ms election timeout; the rest is a commit on a loaded machine
        assertTrue(slowest < Duration.ofMillis(1_500).toNanos(), "a write waited " + Faults.seconds(slowest) + " s");
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void concurrentCalls_noFault_everyKeyLinearizable() {
        long hitsBefore = cluster.peers().stream().mapToLong(NearCacheLinearizabilityTest::hits).sum();
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        for (PeerProcess peer : cluster.peers()) {
            runs.add(peer.request("LIN", "3 3 " + LOAD_MILLIS + " calm"));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).orTimeout(2, TimeUnit.MINUTES).join();
        long hits = cluster.peers().stream().mapToLong(NearCacheLinearizabilityTest::hits).sum() - hitsBefore;
        int calls = histories.calls("calm-");
        System.out.println("[NearCacheLinearizabilityTest] no fault: " + calls + " calls, " + hits + " near-cache hits");
        assertTrue(calls > 100, "too few calls to tell: " + calls);
        assertTrue(hits > 0, "no read was served from a near cache");
        assertEquals(List.of(), histories.violations("calm-"));
    }

    @Test
    @Order(3)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentCalls_leaderKilledRepeatedly_everyKeyLinearizable() throws Exception {

        long millis = LOAD_MILLIS + KILLS * 4_000L;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        for (PeerProcess peer : cluster.peers()) {
            runs.add(peer.request("LIN", "3 3 " + millis + " kills"));
        }
        for (int k = 0; k < KILLS; k++) {
            Thread.sleep(1_500);
            int leader = cluster.awaitLeader(Faults.EVENTUALLY);
            cluster.kill(leader);
            System.out.println("[NearCacheLinearizabilityTest] killed leader " + cluster.peer(leader).id());
            cluster.restart(leader);
            cluster.awaitStarted(List.of(cluster.peer(leader)));
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (left > 500) {
                runs.add(cluster.peer(leader).request("LIN", "3 3 " + left + " kills"));
            }
        }
        // a killed peer's run never answers; every other one does
        for (CompletableFuture<List<String>> run : runs) {
            try {
                run.get(Math.max(0, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) + 30_000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof PeerProcess.PeerGoneException, "a run failed: " + e.getCause());
            }
        }
        int calls = histories.calls("kills-");
        System.out.println("[NearCacheLinearizabilityTest] " + KILLS + " leader kills: " + calls + " calls");
        assertTrue(calls > 100, "too few calls to tell: " + calls);
        assertEquals(List.of(), histories.violations("kills-"));
    }

    private static long hits(PeerProcess peer) {
        String[] counters = peer.call("NEAR", "", PeerCluster.REQUEST_TIMEOUT).trim().split(" ");
        return Long.parseLong(counters[0]);
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }
}
