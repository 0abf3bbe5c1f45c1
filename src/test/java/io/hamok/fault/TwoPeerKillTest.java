package io.hamok.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerMain;
import io.hamok.testing.PeerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers in three JVMs over a real Redis, under load from all three; the leader and a follower are
 * SIGKILLed at the same moment (the survivor has no majority) and both are restarted with the same
 * configuration. Nothing acknowledged is lost, nothing is applied twice, and all three catch up: a write
 * through each peer succeeds, and each peer's listener sees the writes made through every peer after the
 * restart (so the restarted peers apply the log again).
 */
class TwoPeerKillTest {
    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoOfThreeKilledTogether_restarted_nothingAcknowledgedLostAllCatchUp(@TempDir Path dir) {
        LoadLedger ledger = new LoadLedger();
        PeerCluster cluster = logs.watch(PeerCluster.start(3, dir,
                logs.directory(getClass(), "twoOfThreeKilled"), Faults.settings(), ledger::accept));
        cluster.peers().forEach(Faults::startLoad);
        Faults.awaitAcks(ledger, cluster.peers(), 30, Faults.EVENTUALLY);

        int leader = cluster.awaitLeader(Faults.EVENTUALLY);
        int follower = (leader + 1) % 3;
        PeerProcess survivor = cluster.peer((leader + 2) % 3);
        cluster.killTogether(leader, follower);
        System.out.println("[TwoPeerKillTest] killed leader " + cluster.peer(leader).id() + " and follower "
                + cluster.peer(follower).id() + "; " + survivor.id() + " survives alone");
        cluster.restart(leader);
        cluster.restart(follower);
        cluster.awaitStarted(List.of(cluster.peer(leader), cluster.peer(follower)));
        Faults.startLoad(cluster.peer(leader));
        Faults.startLoad(cluster.peer(follower));
        Faults.awaitAcks(ledger, cluster.peers(), 20, Faults.EVENTUALLY);

        // a write through each peer, made after the restart, reaches every peer's listener and reads
        List<String> marks = new ArrayList<>();
        for (PeerProcess peer : cluster.peers()) {
            String key = "after-restart-" + peer.id();
            peer.call("PUT", PeerMain.MARKS + " " + key + " 7", PeerCluster.REQUEST_TIMEOUT);
            marks.add(key + "=7");
        }
        for (PeerProcess peer : cluster.peers()) {
            await(peer.id() + "'s listener sees " + marks).atMost(Faults.EVENTUALLY)
                    .until(() -> ledger.events(peer.id()).containsAll(marks));
            for (PeerProcess writer : cluster.peers()) {
                assertEquals("7", peer.call("GET", PeerMain.MARKS + " after-restart-" + writer.id(), PeerCluster.REQUEST_TIMEOUT),
                        "GET on " + peer.id() + " of the mark written through " + writer.id());
            }
        }

        Faults.stopLoad(cluster);
        Faults.barrier(cluster, "final");
        Map<String, Long> stored = Faults.dump(cluster.peer(leader));
        List<String> problems = ledger.check(stored, "TwoPeerKillTest");
        assertEquals(List.of(), problems, "acknowledged writes and increments (see the figures printed)");
    }
}
