package io.hamok.raft.internal;

import io.hamok.raft.EffectsSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event publication on one peer: the effects that effects entries carry, in log order, to this peer's
 * sinks (its maps' listeners), on one event thread; and the waits of this peer's callers for their own
 * commands' events, with the first failure a local listener raised for them.
 */
final class LocalEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEvents.class);

    private final String localPeerId;
    private final Executor eventThread;
    private final Map<String, List<EffectsSink>> sinks = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, CompletableFuture<RuntimeException>> eventWaiters = new ConcurrentSkipListMap<>();
    private final Map<Long, RuntimeException> ownListenerFailures = new ConcurrentHashMap<>();
    private volatile long deliveredCommandIndex;
    /** Where each map's listeners run, bounded in time; null: on the event thread. */
    private volatile ListenerLanes lanes;

    LocalEvents(String localPeerId, Executor eventThread) {
        this.localPeerId = localPeerId;
        this.eventThread = eventThread;
    }

    /** Runs each map's listeners on a thread of its own, waiting at most {@code timeout} for them. */
    void boundListeners(java.time.Duration timeout) {
        this.lanes = new ListenerLanes(localPeerId, timeout);
    }

    void registerSink(String mapId, EffectsSink sink) {
        sinks.computeIfAbsent(mapId, id -> new CopyOnWriteArrayList<>()).add(sink);
    }

    void unregisterSink(String mapId, EffectsSink sink) {
        sinks.computeIfPresent(mapId, (id, list) -> {
            list.remove(sink);
            return list.isEmpty() ? null : list;
        });
    }

    /** Delivers the effects of an effects entry (already filtered for repeats) on the event thread. */
    void deliver(List<MapEffects> fresh) {
        eventThread.execute(() -> {
            long delivered = deliveredCommandIndex;
            int from = 0;
            while (from < fresh.size()) {
                // one hop to a map's listener thread for each run of its commands, not one per command
                int to = from;
                while (to < fresh.size() && fresh.get(to).mapId().equals(fresh.get(from).mapId())) {
                    to++;
                }
                delivered = Math.max(delivered, deliverRun(fresh.subList(from, to)));
                from = to;
            }
            deliveredCommandIndex = delivered;
            releaseEventWaiters(delivered);
        });
    }

    /** Hands the effects of consecutive commands on one map to this peer's sinks; returns the last one's log index. */
    private long deliverRun(List<MapEffects> run) {
        String mapId = run.get(0).mapId();
        List<EffectsSink> mapSinks = sinks.getOrDefault(mapId, List.of());
        java.util.concurrent.atomic.AtomicReferenceArray<RuntimeException> failures =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(run.size());
        ListenerLanes bounded = lanes;
        RuntimeException laneFailure = null;
        if (!mapSinks.isEmpty()) {
            Runnable fireAll = () -> {
                for (int i = 0; i < run.size(); i++) {
                    failures.set(i, fire(mapSinks, run.get(i)));
                }
            };
            if (bounded == null) {
                fireAll.run();
            } else {
                laneFailure = bounded.run(mapId, () -> {
                    fireAll.run();
                    return null;
                });
            }
        }
        long last = 0;
        for (int i = 0; i < run.size(); i++) {
            RuntimeException failure = failures.get(i);
            if (failure != null || laneFailure != null && run.get(i).originPeer().equals(localPeerId)) {
                // the lane itself logs a listener that did not return; only the callers hear of it per command
                record(run.get(i), failure != null ? failure : laneFailure);
            }
            last = run.get(i).logIndex();
        }
        return last;
    }

    /** Keeps a listener failure for this peer's own command (its caller rethrows it), or logs it. */
    private void record(MapEffects effects, RuntimeException failure) {
        if (failure != null && effects.originPeer().equals(localPeerId)) {
            ownListenerFailures.putIfAbsent(effects.logIndex(), failure);
        } else if (failure != null) {
            LOG.warn("{}: a listener of map '{}' failed: {}", localPeerId, effects.mapId(), failure.toString());
        }
    }

    private static RuntimeException fire(List<EffectsSink> mapSinks, MapEffects effects) {
        RuntimeException failure = null;
        for (EffectsSink sink : mapSinks) {
            try {
                RuntimeException raised = sink.accept(effects.logIndex(), effects.effects());
                failure = failure == null ? raised : failure;
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            } catch (Error e) {
                // a listener's Error must not kill the event thread: every later event and wait depends on it
                failure = failure == null ? new io.hamok.exceptions.HamokException("a listener of map '"
                        + effects.mapId() + "' failed: " + e, e) : failure;
            }
        }
        return failure;
    }

    /** See {@link GridPeer#awaitEvents(long)}. */
    CompletableFuture<RuntimeException> awaitEvents(long commandIndex) {
        if (deliveredCommandIndex >= commandIndex) {
            return CompletableFuture.completedFuture(ownListenerFailures.remove(commandIndex));
        }
        CompletableFuture<RuntimeException> waiter = eventWaiters.computeIfAbsent(commandIndex, i -> new CompletableFuture<>());
        if (deliveredCommandIndex >= commandIndex) {
            eventThread.execute(() -> releaseEventWaiters(deliveredCommandIndex));
        }
        return waiter;
    }

    private void releaseEventWaiters(long delivered) {
        Map<Long, CompletableFuture<RuntimeException>> ready = eventWaiters.headMap(delivered, true);
        for (Map.Entry<Long, CompletableFuture<RuntimeException>> waiter : List.copyOf(ready.entrySet())) {
            ready.remove(waiter.getKey());
            waiter.getValue().complete(ownListenerFailures.remove(waiter.getKey()));
        }
    }

    /** Releases every wait (on close). */
    void close() {
        eventWaiters.values().forEach(w -> w.complete(null));
        eventWaiters.clear();
        ListenerLanes bounded = lanes;
        if (bounded != null) {
            bounded.close();
        }
    }
}
