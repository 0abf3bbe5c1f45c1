package io.hamok.fault;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerMain;
import io.hamok.testing.PeerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-your-acknowledged-writes across peers: over and over, takes the latest acknowledged put/replace
 * (its ACK line has reached the test, so the write completed before this moment), asks another running
 * peer for that key and checks the value is at least the acknowledged one (values of a key only grow).
 */
final class ReadChecker {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final PeerCluster cluster;
    private final LoadLedger ledger;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    ReadChecker(PeerCluster cluster, LoadLedger ledger) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.thread = new Thread(this::run, "read-checker");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        LoadLedger.Ack previous = null;
        while (running.get()) {
            LoadLedger.Ack ack = ledger.latestWrite();
            List<PeerProcess> others = ack == null ? List.of()
                    : cluster.alive().stream().filter(peer -> !peer.id().equals(ack.peer())).toList();
            if (ack == null || ack == previous || others.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                continue;
            }
            previous = ack;
            PeerProcess reader = others.get(ThreadLocalRandom.current().nextInt(others.size()));
            try {
                String answer = reader.call("GET", PeerMain.DATA + " " + ack.key(), READ_TIMEOUT);
                checks.incrementAndGet();
                if (answer.equals("null") || Long.parseLong(answer) < ack.value()) {
                    violations.add("GET " + ack.key() + " on " + reader.id() + " after " + ack.peer() + " acknowledged "
                            + ack.value() + " returned " + answer);
                }
            } catch (CompletionException e) {
                // the reader was killed, the store paused (GET failed or timed out): no check made
                if (e.getCause() instanceof PeerProcess.PeerGoneException
                        || e.getCause() instanceof PeerProcess.PeerCommandException
                        || e.getCause() instanceof TimeoutException) {
                    skipped.incrementAndGet();
                } else {
                    violations.add("the read check of " + ack.key() + " on " + reader.id() + " failed: " + e.getCause());
                }
            } catch (RuntimeException e) {
                violations.add("the read check of " + ack.key() + " on " + reader.id() + " failed: " + e);
            }
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long checks() {
        return checks.get();
    }

    long skipped() {
        return skipped.get();
    }

    /** Stops checking and waits for the check in progress. */
    void stop() {
        running.set(false);
        try {
            thread.join(READ_TIMEOUT.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the read checker", e);
        }
    }
}
