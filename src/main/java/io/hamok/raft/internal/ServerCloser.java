package io.hamok.raft.internal;

import java.time.Duration;
import java.util.Map;

/**
 * Closes a Ratis server without hanging. Ratis 3.2 can deadlock closing its log: {@code SegmentedRaftLog.close}
 * holds the log's write lock while it joins its cache-eviction thread, which may be waiting for that very
 * lock (not interruptibly). After a grace period the threads stuck in that join are interrupted, which lets
 * the close go on; a close that still does not end is left behind with a warning.
 */
final class ServerCloser {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerCloser.class);

    private ServerCloser() {}

    /** Closes {@code server} (a Ratis server), waiting at most twice {@code grace}. */
    static void close(AutoCloseable server, String peerId, Duration grace) throws Exception {
        Exception[] failure = new Exception[1];
        Thread closer = new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "hamok-close-" + peerId);
        closer.setDaemon(true);
        closer.start();
        closer.join(grace.toMillis());
        if (closer.isAlive()) {
            int interrupted = interruptStuckLogCloses();
            LOG.warn("{}: the Raft server did not close within {}; interrupted {} thread(s) stuck closing its log",
                    peerId, grace, interrupted);
            closer.join(grace.toMillis());
            if (closer.isAlive()) {
                LOG.warn("{}: the Raft server still did not close; leaving it behind", peerId);
                return;
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Interrupts the threads waiting in Ratis' {@code AwaitToRun.close} (a log closing its eviction thread). */
    private static int interruptStuckLogCloses() {
        int count = 0;
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : thread.getValue()) {
                if (frame.getClassName().equals("org.apache.ratis.util.AwaitToRun") && frame.getMethodName().equals("close")) {
                    thread.getKey().interrupt();
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
