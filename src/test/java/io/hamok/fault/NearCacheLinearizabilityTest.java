package io.hamok.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerMain;
import io.hamok.testing.PeerProcess;
import io.hamok.testing.RegisterHistories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers in three JVMs over a real Redis, every cache with a linearizable near cache: concurrent get,
 * put, replace and invoke on a few shared keys from every peer, each call logged with its start and end,
 * and every key's history searched for a linearization. Without faults, under SIGKILLs of the leader, and
 * with a follower SIGSTOPped (writes wait at most a lease, and it serves no stale read once resumed).
 */
class NearCacheLinearizabilityTest {
    private static final long LOAD_MILLIS = Long.getLong("hamok.near.millis", 4_000);

    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    private static Properties settings() {
        Properties settings = Faults.settings();
        settings.setProperty("hamok.nearCache", "linearizable");
        return settings;
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void concurrentCalls_noFault_everyKeyLinearizable(@TempDir Path dir) {
        RegisterHistories histories = new RegisterHistories();
        PeerCluster cluster = logs.watch(PeerCluster.start(3, dir, logs.directory(getClass(), "noFault"), settings(),
                (peer, line) -> histories.accept(line)));
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        for (PeerProcess peer : cluster.peers()) {
            runs.add(peer.request("LIN", "3 3 " + LOAD_MILLIS));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).orTimeout(2, TimeUnit.MINUTES).join();
        System.out.println("[NearCacheLinearizabilityTest] no fault: " + histories.calls() + " calls");
        assertTrue(histories.calls() > 100, "too few calls to tell: " + histories.calls());
        assertEquals(List.of(), histories.violations());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentCalls_leaderKilledRepeatedly_everyKeyLinearizable(@TempDir Path dir) throws Exception {
        RegisterHistories histories = new RegisterHistories();
        PeerCluster cluster = logs.watch(PeerCluster.start(3, dir, logs.directory(getClass(), "leaderKills"), settings(),
                (peer, line) -> histories.accept(line)));
        int kills = Integer.getInteger("hamok.near.kills", 2);
        long millis = LOAD_MILLIS + kills * 5_000L;
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        for (PeerProcess peer : cluster.peers()) {
            runs.add(peer.request("LIN", "3 3 " + millis));
        }
        for (int k = 0; k < kills; k++) {
            Thread.sleep(2_000);
            int leader = cluster.awaitLeader(Faults.EVENTUALLY);
            cluster.kill(leader);
            System.out.println("[NearCacheLinearizabilityTest] killed leader " + cluster.peer(leader).id());
            cluster.restart(leader);
            cluster.awaitStarted(List.of(cluster.peer(leader)));
            cluster.peer(leader).send("LIN x 3 3 " + Math.max(1_000, millis - (k + 1) * 5_000L));
        }
        // the killed peers' runs never answer; the survivors' do
        Thread.sleep(millis);
        for (CompletableFuture<List<String>> run : runs) {
            try {
                run.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // that peer was killed mid-run
            }
        }
        System.out.println("[NearCacheLinearizabilityTest] " + kills + " leader kills: " + histories.calls() + " calls");
        assertTrue(histories.calls() > 100, "too few calls to tell: " + histories.calls());
        assertEquals(List.of(), histories.violations());
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void followerPaused_writesWaitAtMostALease_andItServesNoStaleReadAfter(@TempDir Path dir) throws Exception {
        PeerCluster cluster = logs.watch(PeerCluster.start(3, dir, logs.directory(getClass(), "paused"), settings(),
                (peer, line) -> { }));
        int leader = cluster.awaitLeader(Faults.EVENTUALLY);
        PeerProcess writer = cluster.peer(leader);
        PeerProcess paused = cluster.peer((leader + 1) % 3);
        for (int k = 0; k < 5; k++) {
            writer.call("PUT", PeerMain.DATA + " p" + k + " 1", PeerCluster.REQUEST_TIMEOUT);
        }
        // the paused peer reads every key twice: the second read is served from its near cache
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 5; k++) {
                assertEquals("1", value(paused.call("GET", PeerMain.DATA + " p" + k, PeerCluster.REQUEST_TIMEOUT)));
            }
        }
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
            assertEquals("2", value(paused.call("GET", PeerMain.DATA + " p" + k, PeerCluster.REQUEST_TIMEOUT)),
                    "a read on the resumed peer after the acknowledged write of p" + k);
        }
        System.out.println("[NearCacheLinearizabilityTest] slowest write while a follower was paused: "
                + Faults.seconds(slowest) + " s");
        // the lease is half of the 700 ms election timeout; the rest is a commit on a loaded machine
        assertTrue(slowest < Duration.ofMillis(1_500).toNanos(), "a write waited " + Faults.seconds(slowest) + " s");
    }

    private static String value(String reply) {
        return reply.trim();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }
}
