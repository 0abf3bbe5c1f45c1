package io.hamok.fault;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.admin.GridAdmin;
import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating a grid under load, peers in child JVMs over a real Redis, every membership change made with
 * the command-line tool ({@link GridAdmin}): grow from 3 to 5 peers, shrink to 3 by removing two of the
 * first ones (the new peers must have caught up to make the majority), then restart every member one
 * after another, each gracefully ({@code close}: a leader hands its leadership over) and waiting until it
 * serves again. Then: no acknowledged write is lost, no increment is counted twice, and the longest pause
 * between two acknowledged writes (printed) stays under one election timeout.
 *
 * <p>Every member restarts twice ({@code -Dhamok.fault.rollingRounds=N} for another count).
 */
class GridOperationsTest {
    private static final Duration ELECTION_TIMEOUT_MIN = Duration.ofMillis(1500);
    /** One election timeout: how long followers wait for a leader that went silent (a loaded 2-core machine). */
    private static final Duration ELECTION_TIMEOUT_MAX = Duration.ofMillis(3000);
    private static final int WARM_UP_ACKS = 60;

    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void growShrinkAndRollingRestart_underLoad_noAcknowledgedWriteLostNoIncrementTwicePausesUnderAnElectionTimeout(
            @TempDir Path dir) {
        int rounds = Integer.getInteger("hamok.fault.rollingRounds", 2);
        LoadLedger ledger = new LoadLedger();
        Properties settings = Faults.settings();
        settings.setProperty("hamok.electionTimeoutMin", ELECTION_TIMEOUT_MIN.toMillis() + "ms");
        settings.setProperty("hamok.electionTimeoutMax", ELECTION_TIMEOUT_MAX.toMillis() + "ms");
        PeerCluster cluster = logs.watch(PeerCluster.start(5, 3, dir, logs.directory(getClass(), "operations"), settings,
                ledger::accept));
        // the peers' logs say whether each closing leader handed its leadership over
        cluster.peers().forEach(peer -> peer.jvmOptions("-Dorg.slf4j.simpleLogger.log.io.hamok.raft.internal.LeadershipHandOver=info"));
        List<PeerProcess> members = new ArrayList<>(cluster.peers().subList(0, 3));
        members.forEach(Faults::startLoad);
        Faults.awaitAcks(ledger, members, WARM_UP_ACKS, Faults.EVENTUALLY);
        long loadFrom = System.nanoTime();
        List<String> steps = new ArrayList<>();

        // grow: start p3 and p4 (their peer list names all five), add them to the running grid
        cluster.startPeer(3);
        cluster.startPeer(4);
        for (int i : new int[] {3, 4}) {
            admin(cluster, steps, "add-peer", cluster.address(i));
        }
        cluster.awaitStarted(List.of(cluster.peer(3), cluster.peer(4)));
        members.add(cluster.peer(3));
        members.add(cluster.peer(4));
        Faults.startLoad(cluster.peer(3));
        Faults.startLoad(cluster.peer(4));
        Faults.awaitAcks(ledger, members, 20, Faults.EVENTUALLY);
        assertTrue(admin(cluster, steps, "status").contains("members:  [p0@"), "status names the members");

        // shrink: remove two of the first peers; p2, p3 and p4 go on as the grid
        for (int i : new int[] {0, 1}) {
            admin(cluster, steps, "remove-peer", "p" + i);
            members.remove(cluster.peer(i));
        }
        Faults.awaitAcks(ledger, members, 20, Faults.EVENTUALLY);
        for (int i : new int[] {0, 1}) {
            stopGracefully(cluster.peer(i));
        }
        String status = admin(cluster, steps, "status");
        assertTrue(status.contains("members:  [" + cluster.address(2) + ", " + cluster.address(3) + ", " + cluster.address(4) + "]"),
                status);

        // rolling restart of every member, waiting for each to serve again before the next
        for (int round = 1; round <= rounds; round++) {
            for (int i : new int[] {2, 3, 4}) {
                long stoppedAt = System.nanoTime();
                stopGracefully(cluster.peer(i));
                cluster.startPeer(i);
                cluster.awaitStarted(List.of(cluster.peer(i)));
                Faults.startLoad(cluster.peer(i));
                Faults.awaitAcks(ledger, List.of(cluster.peer(i)), 10, Faults.EVENTUALLY);
                LoadLedger.Gap gap = ledger.longestPause(stoppedAt, System.nanoTime());
                steps.add("round " + round + ": restarted p" + i + " in " + Faults.seconds(System.nanoTime() - stoppedAt)
                        + " s; longest write pause meanwhile " + Faults.seconds(gap.nanos()) + " s");
            }
        }
        Faults.awaitAcks(ledger, members, 10, Faults.EVENTUALLY);
        long loadTo = System.nanoTime();
        Faults.stopLoad(cluster);
        Faults.barrier(cluster, "final");
        Map<String, Long> stored = Faults.dump(cluster.peer(2));
        List<String> problems = ledger.check(stored, "GridOperationsTest");
        LoadLedger.Gap pause = ledger.longestPause(loadFrom, loadTo);
        steps.forEach(step -> System.out.println("[GridOperationsTest] " + step));
        System.out.println("[GridOperationsTest] grow 3->5, shrink 5->3, " + rounds + " rolling restart(s): longest pause"
                + " between two acknowledged writes " + Faults.seconds(pause.nanos()) + " s (from +"
                + Faults.seconds(pause.start() - loadFrom) + " s to +" + Faults.seconds(pause.end() - loadFrom) + " s)");
        assertAll(
                () -> assertEquals(List.of(), problems, "acknowledged writes and increments"),
                () -> assertTrue(pause.nanos() < ELECTION_TIMEOUT_MAX.toNanos(), "longest pause between two acknowledged"
                        + " writes " + Faults.seconds(pause.nanos()) + " s is not under the election timeout "
                        + ELECTION_TIMEOUT_MAX.toMillis() + " ms; steps: " + steps));
    }

    /** Runs the command-line tool against the grid (through p2, a member throughout) and returns its output. */
    private static String admin(PeerCluster cluster, List<String> steps, String... command) {
        List<String> args = new ArrayList<>(List.of("--group", cluster.groupId(), "--peer", cluster.address(2)));
        args.addAll(List.of(command));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = GridAdmin.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, String.join(" ", command) + " failed: " + err.toString(StandardCharsets.UTF_8));
        steps.add(String.join(" ", command) + " (" + Faults.seconds(System.nanoTime() - start) + " s): "
                + output.strip().replace('\n', ';'));
        return output;
    }

    /** Stops a peer's load and closes its cache manager (a leader hands its leadership over), waits for the exit. */
    private static void stopGracefully(PeerProcess peer) {
        peer.request("STOP", "").orTimeout(60, TimeUnit.SECONDS).join();
        var exit = peer.exit();
        peer.send("EXIT");
        assertEquals(0, exit.orTimeout(60, TimeUnit.SECONDS).join(), "exit status of " + peer.id());
    }
}
