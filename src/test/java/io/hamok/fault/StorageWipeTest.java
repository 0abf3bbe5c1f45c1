package io.hamok.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerMain;
import io.hamok.testing.PeerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer whose Raft storage is gone must not come back as if nothing happened (DESIGN.md, "Durable
 * peers"): one peer of three is SIGKILLed, its {@code hamok.storageDir} deleted, and it is restarted with
 * the same configuration. It refuses to start (an exception whose message contains "lost its Raft
 * storage", non-zero exit) while the other two keep serving writes and lose nothing; restarted with
 * {@code hamok.rejoinAfterStorageLoss=true}, it starts, catches up and serves again.
 */
class StorageWipeTest {
    private static final String REFUSAL = "lost its Raft storage";

    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void storageDeleted_restartRefusedUntilRejoinAllowed_thenCatchesUpNothingLost(@TempDir Path dir) throws Exception {
        LoadLedger ledger = new LoadLedger();
        PeerCluster cluster = logs.watch(PeerCluster.start(3, dir,
                logs.directory(getClass(), "storageDeleted"), Faults.settings(), ledger::accept));
        cluster.peers().forEach(Faults::startLoad);
        Faults.awaitAcks(ledger, cluster.peers(), 30, Faults.EVENTUALLY);

        int wipedIndex = (cluster.awaitLeader(Faults.EVENTUALLY) + 1) % 3;
        PeerProcess wiped = cluster.peer(wipedIndex);
        List<PeerProcess> others = cluster.peers().stream().filter(peer -> peer != wiped).toList();
        cluster.kill(wipedIndex);
        deleteRecursively(cluster.storageDir(wipedIndex));
        System.out.println("[StorageWipeTest] killed follower " + wiped.id() + " and deleted " + cluster.storageDir(wipedIndex));

        cluster.restart(wipedIndex);
        try {
            String ready = wiped.started().get(PeerCluster.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            wiped.kill();
            fail("peer " + wiped.id() + " started (READY " + ready + ") although its storage directory was deleted; expected it "
                    + "to refuse with an exception containing '" + REFUSAL + "' and a non-zero exit status");
        } catch (ExecutionException e) {
            PeerProcess.PeerStartException refused = assertInstanceOf(PeerProcess.PeerStartException.class, e.getCause(),
                    "how the peer without storage ended (see its log)");
            assertTrue(refused.report().contains(REFUSAL), "the start failure '" + refused.report() + "' should contain '"
                    + REFUSAL + "'");
        } catch (TimeoutException e) {
            wiped.kill();
            fail("peer " + wiped.id() + " without storage neither started nor failed within " + PeerCluster.START_TIMEOUT);
        }
        int status = wiped.exit().get(30, TimeUnit.SECONDS);
        assertNotEquals(0, status, "exit status of the peer that refused to start");
        System.out.println("[StorageWipeTest] " + wiped.id() + " refused to start, exit status " + status);

        // the other two keep serving writes
        Faults.awaitAcks(ledger, others, 20, Faults.EVENTUALLY);

        Properties rejoin = new Properties();
        rejoin.setProperty("hamok.rejoinAfterStorageLoss", "true");
        cluster.restartWith(wipedIndex, rejoin);
        cluster.awaitStarted(List.of(wiped));
        Faults.startLoad(wiped);
        Faults.awaitAcks(ledger, cluster.peers(), 20, Faults.EVENTUALLY);

        // it applies the log again: its listener sees a write made through another peer, and writes through it work
        others.get(0).call("PUT", PeerMain.MARKS + " after-rejoin 5", PeerCluster.REQUEST_TIMEOUT);
        wiped.call("PUT", PeerMain.MARKS + " through-rejoined 6", PeerCluster.REQUEST_TIMEOUT);
        for (PeerProcess peer : cluster.peers()) {
            await(peer.id() + "'s listener sees the writes made after the rejoin").atMost(Faults.EVENTUALLY)
                    .until(() -> ledger.events(peer.id()).containsAll(List.of("after-rejoin=5", "through-rejoined=6")));
        }
        assertEquals("5", wiped.call("GET", PeerMain.MARKS + " after-rejoin", PeerCluster.REQUEST_TIMEOUT));

        Faults.stopLoad(cluster);
        Faults.barrier(cluster, "final");
        Map<String, Long> stored = Faults.dump(wiped);
        List<String> problems = ledger.check(stored, "StorageWipeTest");
        assertEquals(List.of(), problems, "acknowledged writes and increments (see the figures printed)");
    }

    private static void deleteRecursively(Path root) throws IOException {
        assertTrue(Files.isDirectory(root), root + " should exist before it is deleted");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
