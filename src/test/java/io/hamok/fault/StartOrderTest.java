package io.hamok.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerProcess;
import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start order does not matter (a StatefulSet starts its pods one after another, each only once the one
 * before is up): three peers in child JVMs, started 20 s apart. The first opens its cache manager alone;
 * a write there fails clearly after {@code requestTimeout}; once a second peer runs, both serve; the third
 * joins and reads what the first wrote.
 */
class StartOrderTest {
    private static final Duration APART = Duration.ofSeconds(20);

    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void peersStarted20sApart_firstOpensAlone_allServeOnceAMajorityRuns(@TempDir Path dir) throws Exception {
        String peers = IntStream.range(0, 3).mapToObj(i -> "p" + i + "@127.0.0.1:" + TestGrid.freePort())
                .collect(Collectors.joining(","));
        String suffix = "-" + Long.toString(System.nanoTime(), 36);
        Path logDir = logs.directory(getClass(), "startOrder");
        List<PeerProcess> started = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            PeerProcess first = start(0, peers, suffix, dir, logDir, started);
            first.awaitStarted(PeerCluster.START_TIMEOUT);
            PeerProcess.PeerCommandException alone = assertThrows(PeerProcess.PeerCommandException.class,
                    () -> call(first, "PUT", "alone 1"));
            System.out.println("[StartOrderTest] a write on the lone peer: " + alone.getMessage());
            assertTrue(alone.exceptionClass().startsWith("io.hamok.exceptions."), alone.getMessage());
            assertTrue(alone.getMessage().contains("requestTimeout"), alone.getMessage());

            sleepUntil(t0, APART);
            PeerProcess second = start(1, peers, suffix, dir, logDir, started);
            second.awaitStarted(PeerCluster.START_TIMEOUT);
            assertEquals("OK", answer(first, "PUT", "first v1"));
            assertEquals("OK", answer(second, "PUT", "second v2"));

            sleepUntil(t0, APART.multipliedBy(2));
            PeerProcess third = start(2, peers, suffix, dir, logDir, started);
            third.awaitStarted(PeerCluster.START_TIMEOUT);
            assertEquals("v1", answer(third, "GET", "first"));
            assertEquals("v2", answer(third, "GET", "second"));
            System.out.println("[StartOrderTest] peers started " + APART.toSeconds() + " s apart; all serve "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms after the first started");
        } finally {
            started.forEach(PeerProcess::close);
        }
    }

    private static PeerProcess start(int i, String peers, String suffix, Path dir, Path logDir, List<PeerProcess> started)
            throws IOException {
        Properties file = Faults.settings();
        file.setProperty("hamok.peers", peers);
        file.setProperty("hamok.localPeerId", "p" + i);
        file.setProperty("hamok.groupId", "start-order" + suffix);
        file.setProperty("hamok.storageDir", dir.resolve("p" + i).toString());
        // a lone peer opens its cache manager after this, without a leader
        file.setProperty("hamok.startTimeout", "3s");
        Path path = dir.resolve("p" + i + ".properties");
        try (OutputStream out = Files.newOutputStream(path)) {
            file.store(out, "peer p" + i);
        }
        PeerProcess peer = new PeerProcess("p" + i, logDir.resolve("p" + i + ".log"), suffix, (p, line) -> { })
                .mainClass(StartOrderPeer.class);
        started.add(peer);
        peer.start(path);
        return peer;
    }

    /** The answer's value (VAL) or verb (OK). */
    private static String answer(PeerProcess peer, String verb, String args) {
        String rest = call(peer, verb, args);
        return verb.equals("GET") ? rest : "OK";
    }

    private static String call(PeerProcess peer, String verb, String args) {
        try {
            return peer.call(verb, args, Duration.ofSeconds(60));
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void sleepUntil(long t0, Duration after) throws InterruptedException {
        long left = t0 + after.toNanos() - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
