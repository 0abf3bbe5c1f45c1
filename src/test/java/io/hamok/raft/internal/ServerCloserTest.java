package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.ratis.util.AwaitToRun;
import org.junit.jupiter.api.Test;

/**
 * The lock order on which Ratis 3.2's log close can hang, rebuilt with Ratis' own {@link AwaitToRun}: the
 * close holds a write lock and joins a thread that waits for that lock. The closer breaks it.
 */
class ServerCloserTest {
    @Test
    void aCloseThatJoinsAThreadWaitingForItsLock_isInterruptedAndEnds() {
        ReentrantReadWriteLock log = new ReentrantReadWriteLock(true);
        AwaitToRun eviction = new AwaitToRun("test-cacheEviction", () -> {
            log.writeLock().lock();
            log.writeLock().unlock();
        }).start();
        AtomicBoolean closed = new AtomicBoolean();
        AutoCloseable deadlocking = () -> {
            log.writeLock().lock();
            try {
                eviction.signal();
                while (!log.hasQueuedThreads()) {
                    Thread.sleep(5);
                }
                eviction.close();
            } finally {
                log.writeLock().unlock();
            }
            closed.set(true);
        };

        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> ServerCloser.close(deadlocking, "t", Duration.ofMillis(500)));
        assertTrue(closed.get(), "the close went on to its end");
    }

    @Test
    void aCloseThatFails_reportsItsException() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ServerCloser.close(() -> {
            throw new IllegalStateException("broken");
        }, "t", Duration.ofSeconds(5)));
        assertEquals("broken", failure.getMessage());
    }
}
