package io.hamok.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Registered with {@code @RegisterExtension}: gives each test a log directory under
 * {@code target/fault-logs/<class>/<method>}, kills the clusters it watches after the test, and prints the
 * tail of every peer's log (without the load's ACK/INV lines) when the test failed.
 */
public final class PeerLogs implements AfterEachCallback, TestWatcher {
    private static final int TAIL_LINES = 150;
    private final List<PeerCluster> clusters = new ArrayList<>();

    /** A fresh log directory for this test. */
    public Path directory(Class<?> testClass, String method) {
        return Path.of("target", "fault-logs", testClass.getSimpleName(), method + "-" + System.currentTimeMillis());
    }

    /** Watches the cluster: closed after the test, its logs printed if it fails. */
    public synchronized PeerCluster watch(PeerCluster cluster) {
        clusters.add(cluster);
        return cluster;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        for (PeerCluster cluster : clusters) {
            cluster.close();
        }
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        for (PeerCluster cluster : clusters) {
            for (PeerProcess peer : cluster.peers()) {
                System.out.println("======== " + context.getDisplayName() + ": last " + TAIL_LINES + " lines of "
                        + peer.log().toAbsolutePath() + " (ACK/INV lines left out)");
                peer.logTail(TAIL_LINES).forEach(System.out::println);
            }
        }
        clusters.clear();
    }

    @Override
    public synchronized void testSuccessful(ExtensionContext context) {
        clusters.clear();
    }

    @Override
    public synchronized void testAborted(ExtensionContext context, Throwable cause) {
        clusters.clear();
    }

    @Override
    public synchronized void testDisabled(ExtensionContext context, Optional<String> reason) {
        clusters.clear();
    }
}
