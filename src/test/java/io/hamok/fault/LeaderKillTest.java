package io.hamok.fault;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers in three JVMs over a real Redis, load from all three (put of growing values, replace, and an
 * increment per thread through {@code invoke}); the leader is SIGKILLed and restarted with the same
 * configuration, again and again. Then: no acknowledged write is lost, no increment is applied twice, a
 * read on another peer right after an acknowledgement sees the write, and writes never stop for 3 s or
 * more.
 *
 * <p>The default run kills the leader 3 times. The long run: {@code -Dhamok.fault.kills=30} (e.g.
 * {@code mvn -B test -Pfault-long}, see pom.xml).
 */
class LeaderKillTest {
    /** Longest allowed pause between two acknowledged writes (the failover goal). */
    private static final Duration MAX_PAUSE = Duration.ofSeconds(3);
    /** Writes each peer makes before the first kill (about 4 s of load). */
    private static final int WARM_UP_ACKS = 150;

    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void leaderKilled_repeatedlyUnderLoad_noAcknowledgedWriteLostNoIncrementTwiceWritesPauseUnder3s(@TempDir Path dir)
            throws Exception {
        int kills = Integer.getInteger("hamok.fault.kills", 3);
        LoadLedger ledger = new LoadLedger();
        PeerCluster cluster = logs.watch(PeerCluster.start(3, dir,
                logs.directory(getClass(), "leaderKilled"), Faults.settings(), ledger::accept));
        cluster.peers().forEach(Faults::startLoad);
        // the grid in a steady state before the first kill: every peer has written for a few seconds
        Faults.awaitAcks(ledger, cluster.peers(), WARM_UP_ACKS, Faults.EVENTUALLY);
        long loadFrom = System.nanoTime();
        List<String> killLog = new ArrayList<>();
        ReadChecker reads = new ReadChecker(cluster, ledger);
        try {
            for (int k = 1; k <= kills; k++) {
                int leader = cluster.awaitLeader(Faults.EVENTUALLY);
                PeerProcess victim = cluster.peer(leader);
                long killedAt = System.nanoTime();
                cluster.kill(leader);
                List<PeerProcess> survivors = cluster.alive();
                // the survivors go on writing once they elected a new leader
                Faults.awaitAcks(ledger, survivors, 10, Faults.EVENTUALLY);
                long resumedAt = System.nanoTime();
                cluster.restart(leader);
                cluster.awaitStarted(List.of(victim));
                Faults.startLoad(victim);
                Faults.awaitAcks(ledger, List.of(victim), 20, Faults.EVENTUALLY);
                LoadLedger.Gap gap = ledger.longestPause(killedAt - TimeUnit.SECONDS.toNanos(2), System.nanoTime());
                String line = "kill " + k + "/" + kills + ": leader " + victim.id() + " killed at +"
                        + Faults.seconds(killedAt - loadFrom) + " s; longest write pause around it " + Faults.seconds(gap.nanos())
                        + " s; survivors made 10 writes each within " + Faults.seconds(resumedAt - killedAt)
                        + " s; restarted peer writing after " + Faults.seconds(System.nanoTime() - killedAt) + " s";
                killLog.add(line);
                System.out.println("[LeaderKillTest] " + line);
            }
            Faults.awaitAcks(ledger, cluster.peers(), 20, Faults.EVENTUALLY);
            long loadTo = System.nanoTime();
            Faults.stopLoad(cluster);
            reads.stop();
            Faults.barrier(cluster, "final");
            Map<String, Long> stored = Faults.dump(cluster.peer(0));
            List<String> problems = ledger.check(stored, "LeaderKillTest");
            LoadLedger.Gap pause = ledger.longestPause(loadFrom, loadTo);
            System.out.println("[LeaderKillTest] " + kills + " leader kills; longest pause between two acknowledged writes: "
                    + Faults.seconds(pause.nanos()) + " s (from +" + Faults.seconds(pause.start() - loadFrom) + " s to +"
                    + Faults.seconds(pause.end() - loadFrom) + " s); read-after-ack checks: " + reads.checks()
                    + " made, " + reads.skipped() + " skipped, " + reads.violations().size() + " stale");
            assertAll(
                    () -> assertEquals(List.of(), problems, "acknowledged writes and increments (see the figures printed)"),
                    () -> assertEquals(List.of(), reads.violations(), "a read on another peer after an acknowledged write"),
                    () -> assertTrue(reads.checks() > 0, "no read-after-ack check could be made"),
                    () -> assertTrue(pause.nanos() < MAX_PAUSE.toNanos(), "longest pause between two acknowledged writes "
                            + Faults.seconds(pause.nanos()) + " s (from +" + Faults.seconds(pause.start() - loadFrom) + " s to +"
                            + Faults.seconds(pause.end() - loadFrom) + " s after the load started; kills: " + killLog
                            + ") is not under " + MAX_PAUSE.toSeconds() + " s"));
        } finally {
            reads.stop();
        }
    }
}
