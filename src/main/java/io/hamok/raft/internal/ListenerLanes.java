package io.hamok.raft.internal;

import io.hamok.exceptions.HamokException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the listeners of each map on a thread of that map, so that a listener that hangs cannot hold the
 * event thread, which delivers every other map's events and releases {@code sync()} and this peer's own
 * writes. The event thread waits for a map's listeners at most {@code listenerTimeout}; past it, it moves
 * on and the caller whose write fired the events gets a failure that says so (the write took effect).
 * While that listener is still busy, the map's later events queue behind it (in order, up to
 * {@value #QUEUE} of them, then dropped with an error in the log) and nothing waits for them.
 */
final class ListenerLanes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerLanes.class);
    static final int QUEUE = 10_000;

    private final String localPeerId;
    private final Duration timeout;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    ListenerLanes(String localPeerId, Duration timeout) {
        this.localPeerId = localPeerId;
        this.timeout = timeout;
    }

    /** Runs {@code listeners} on the map's lane; their failure, or one that says they did not return in time. */
    RuntimeException run(String mapId, Supplier<RuntimeException> listeners) {
        Lane lane = lanes.computeIfAbsent(mapId, Lane::new);
        Future<RuntimeException> call;
        try {
            call = lane.executor.submit(listeners::get);
        } catch (RejectedExecutionException e) {
            long dropped = lane.dropped.incrementAndGet();
            LOG.error("{}: dropped an event of map '{}' ({} so far): its listener has not returned for a while and {}"
                    + " events wait for it", localPeerId, mapId, dropped, QUEUE);
            return new HamokException("map '" + mapId + "': a listener is stuck and " + QUEUE
                    + " events wait for it; this write's events were dropped on peer " + localPeerId);
        }
        Future<?> stuck = lane.stuck;
        if (stuck != null && !stuck.isDone()) {
            return new HamokException("map '" + mapId + "': a listener on peer " + localPeerId + " has not returned from an"
                    + " earlier event for more than listenerTimeout " + timeout + "; this write took effect, its events"
                    + " are queued behind it");
        }
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lane.stuck = call;
            LOG.warn("{}: a listener of map '{}' did not return within listenerTimeout {}; events of other maps go on",
                    localPeerId, mapId, timeout);
            return new HamokException("map '" + mapId + "': a listener on peer " + localPeerId + " did not return within"
                    + " listenerTimeout " + timeout + "; this write took effect");
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException runtime ? runtime
                    : new HamokException("map '" + mapId + "': a listener failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HamokException("interrupted while waiting for the listeners of map '" + mapId + "'", e);
        }
    }

    @Override
    public void close() {
        lanes.values().forEach(lane -> lane.executor.shutdownNow());
        lanes.clear();
    }

    private final class Lane {
        final ThreadPoolExecutor executor;
        final AtomicLong dropped = new AtomicLong();
        volatile Future<?> stuck;

        Lane(String mapId) {
            this.executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "hamok-listeners-" + localPeerId + "-" + mapId);
                thread.setDaemon(true);
                return thread;
            });
            executor.allowCoreThreadTimeOut(true);
        }
    }
}
