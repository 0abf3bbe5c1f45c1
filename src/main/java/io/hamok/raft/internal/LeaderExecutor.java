package io.hamok.raft.internal;

import io.hamok.exceptions.CodecException;
import io.hamok.exceptions.StaleLeaderException;
import io.hamok.exceptions.StoreException;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.MapClear;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.store.AppliedRequests;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreWrite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes committed entries on the stores while this peer leads, in batches: everything queued
 * is taken at once, and per map one read round trip and one fenced atomic write serve the whole
 * batch. An entry at or below a map's stored applied index was executed by an earlier leader and is
 * skipped, so every committed entry takes effect exactly once.
 */
final class LeaderExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderExecutor.class);
    private static final int MAX_ENTRIES_PER_BATCH = 512;

    private final String localPeerId;
    private final StoreDirectory stores;
    private final ListenerRegistry listeners;
    private final Function<EffectsBatch, CompletableFuture<Long>> effectsPublisher;
    private final AtomicLong lastEventsIndex = new AtomicLong();
    private final BooleanSupplier isLeader;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final ArrayDeque<AppliedEntry> queue = new ArrayDeque<>();
    private final Map<String, Long> appliedIndexByMap = new ConcurrentHashMap<>();
    private final Map<String, RecentRequests> recentByMap = new ConcurrentHashMap<>();
    /** How long request ids are remembered, so that a command appended twice takes effect once. */
    private final long requestMemoryMillis;
    /** Per map, the events whose effects entry failed: the next batch's stored events include them. */
    private final Map<String, List<MapEffects>> unpublished = new ConcurrentHashMap<>();
    private final BatchStats stats;
    private final LongSupplier appliedLogIndex;
    private final ToLongFunction<String> publishedThrough;
    private boolean running;
    /** Log index through which every submitted command entry was executed (or given up on, answered unknown). */
    private volatile long executedThrough;
    /** Set when this peer lost the leadership with entries left unexecuted: executedThrough stops there. */
    private volatile boolean deposed;
    private volatile long storeIndexBase = -1;
    /** Maps whose store refuses their writes: tried once per batch, so they cost the others nothing. */
    private final MapHealth health;
    /** Log indexes of entries with a command given up on: answered once a checkpoint covers them. */
    private final Set<Long> givenUp = ConcurrentHashMap.newKeySet();
    private final DeferredAnswers deferred;
    private volatile java.util.function.LongConsumer checkpointProposer = executed -> { };

    LeaderExecutor(String localPeerId, StoreDirectory stores, ListenerRegistry listeners,
                   Function<EffectsBatch, CompletableFuture<Long>> effectsPublisher, BooleanSupplier isLeader, LongSupplier clock,
                   ScheduledExecutorService scheduler, BatchStats stats, LongSupplier appliedLogIndex,
                   ToLongFunction<String> publishedThrough, long requestMemoryMillis) {
        this.requestMemoryMillis = requestMemoryMillis;
        this.appliedLogIndex = appliedLogIndex;
        this.publishedThrough = publishedThrough;
        this.localPeerId = localPeerId;
        this.stores = stores;
        this.listeners = listeners;
        this.effectsPublisher = effectsPublisher;
        this.isLeader = isLeader;
        this.clock = clock;
        this.scheduler = scheduler;
        this.worker = scheduler;
        this.stats = stats;
        this.health = new MapHealth(localPeerId);
        this.deferred = new DeferredAnswers(scheduler);
    }

    /**
     * How to append a checkpoint at once (straight into the log): after a batch with commands given up
     * on, so that their "not executed" answers wait one commit, not the next periodic checkpoint.
     */
    void checkpointWith(java.util.function.LongConsumer proposer) {
        this.checkpointProposer = proposer;
    }

    /** A checkpoint was applied (every peer calls this): answers that waited for it go out. */
    void checkpointApplied(long executedThrough) {
        deferred.checkpointApplied(executedThrough);
    }

    /** Queues entries in log order; nothing runs before the log's incarnation is known. */
    void submit(List<AppliedEntry> entries) {
        synchronized (this) {
            queue.addAll(entries);
            if (running || queue.isEmpty() || storeIndexBase < 0) {
                return;
            }
            running = true;
        }
        worker.execute(this::runNext);
    }

    /**
     * Sets the base that turns this log's indexes into store indexes (see {@link
     * io.hamok.raft.command.Genesis}) and starts executing what waited for it.
     */
    void startIncarnation(long base) {
        storeIndexBase = base;
        submit(List.of());
    }

    /** While leading: the log index each map's store holds the effects through. */
    Map<String, Long> appliedIndexByMap() {
        return Map.copyOf(appliedIndexByMap);
    }

    /** The log index through which every command entry submitted here has been executed. */
    long executedThrough() {
        return executedThrough;
    }

    /**
     * Starts a leadership whose first entries follow {@code checkpoint}: forgets the cached applied
     * indexes (they are read again from the stores) and counts executed entries from there.
     */
    void startLeadership(long checkpoint) {
        appliedIndexByMap.clear();
        recentByMap.clear();
        unpublished.clear();
        deposed = false;
        executedThrough = checkpoint;
    }


    private void runNext() {
        List<AppliedEntry> batch = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && batch.size() < MAX_ENTRIES_PER_BATCH) {
                batch.add(queue.pollFirst());
            }
            if (batch.isEmpty()) {
                running = false;
                return;
            }
        }
        CompletableFuture<Void> done;
        try {
            CompletableFuture<Void> gate = executeGate.apply(batch.get(batch.size() - 1).index());
            done = gate.isDone() ? gate.thenCompose(ignored -> execute(batch))
                    : gate.thenComposeAsync(ignored -> execute(batch), worker);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.error("{}: executing a batch failed unexpectedly", localPeerId, error);
                batch.forEach(entry -> entry.answerUnknown("the leader failed to execute it: " + error));
            }
            if (!deposed) {
                executedThrough = Math.max(executedThrough, batch.get(batch.size() - 1).index());
                if (deferred.waitingThrough(executedThrough)) {
                    checkpointProposer.accept(executedThrough);
                }
            }
            worker.execute(this::runNext);
        });
    }

    private CompletableFuture<Void> execute(List<AppliedEntry> batch) {
        CommandResult[][] results = new CommandResult[batch.size()][];
        Map<String, List<Slot>> slotsByMap = new LinkedHashMap<>();
        for (int e = 0; e < batch.size(); e++) {
            AppliedEntry entry = batch.get(e);
            Command[] commands = entry.batch().commands();
            results[e] = new CommandResult[commands.length];
            for (int c = 0; c < commands.length; c++) {
                Command command = commands[c];
                if (command instanceof MapWrite || command instanceof MapClear) {
                    slotsByMap.computeIfAbsent(command.mapId(), id -> new ArrayList<>())
                            .add(new Slot(e, c, entry.index(), storeIndexBase + entry.index(), entry.batch().originPeers()[c], command,
                                    entry.batch().requestIds()[c].toBytes()));
                }
            }
        }
        Map<String, MapEffectsBatch> effects = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> maps = new ArrayList<>();
        slotsByMap.forEach((mapId, slots) -> maps.add(executeMap(mapId, slots, results, effects)));
        return CompletableFuture.allOf(maps.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> publish(slotsByMap.keySet().stream().map(effects::get)
                        .filter(Objects::nonNull).toArray(MapEffectsBatch[]::new)))
                .thenRun(() -> answer(batch, results));
    }

    /**
     * What executing a batch waits for: every peer with a linearizable near-cache lease has its entries in
     * its log, so no store read shows a write that such a peer could still answer from its near cache
     * (see {@link LeaseGrants}).
     */
    private volatile java.util.function.LongFunction<CompletableFuture<Void>> executeGate =
            index -> CompletableFuture.completedFuture(null);

    void executeGate(java.util.function.LongFunction<CompletableFuture<Void>> gate) {
        this.executeGate = gate;
    }

    /** Appends an effects entry, if there are effects, and waits for its commit: the answers follow it. */
    private CompletableFuture<Void> publish(MapEffectsBatch[] effects) {
        if (effects.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return effectsPublisher.apply(new EffectsBatch(effects))
                .handle((index, error) -> {
                    for (MapEffectsBatch mapBatch : effects) {
                        if (error != null) {
                            unpublished.put(mapBatch.mapId(), List.of(mapBatch.effects()));
                        } else {
                            unpublished.remove(mapBatch.mapId());
                        }
                    }
                    if (error != null) {
                        LOG.warn("{}: events of {} maps were not published, the store keeps them: {}", localPeerId,
                                effects.length, error.toString());
                    } else {
                        lastEventsIndex.accumulateAndGet(index, Math::max);
                    }
                    return null;
                });
    }

    private void answer(List<AppliedEntry> batch, CommandResult[][] results) {
        long eventsIndex = lastEventsIndex.get();
        for (int e = 0; e < batch.size(); e++) {
            AppliedEntry entry = batch.get(e);
            for (int c = 0; c < results[e].length; c++) {
                if (results[e][c] == null) {
                    results[e][c] = new CommandResult.Done(entry.index(), eventsIndex, false);
                }
            }
            if (givenUp.remove(entry.index())) {
                deferred.answerAfterCheckpoint(entry, new BatchReply(entry.index(), results[e]));
            } else {
                entry.reply().complete(new BatchReply(entry.index(), results[e]));
            }
        }
    }

    private static CommandResult markPublished(CommandResult result) {
        if (result instanceof CommandResult.Written written) {
            return new CommandResult.Written(written.logIndex(), written.outcomes(), true);
        }
        if (result instanceof CommandResult.Done done) {
            return new CommandResult.Done(done.logIndex(), done.eventsIndex(), true);
        }
        return result;
    }

    private CompletableFuture<Void> executeMap(String mapId, List<Slot> slots, CommandResult[][] results,
                                               Map<String, MapEffectsBatch> effects) {
        return executeMap(mapId, slots, results, effects, 1);
    }

    private CompletableFuture<Void> executeMap(String mapId, List<Slot> slots, CommandResult[][] results,
                                               Map<String, MapEffectsBatch> effects, int attempt) {
        FencedRemoteMap store;
        try {
            store = stores.resolve(mapId, isUserStore(slots.get(0).command()));
        } catch (RuntimeException e) {
            slots.forEach(slot -> results[slot.entryPos()][slot.commandPos()] =
                    new CommandResult.Failed(slot.index(), true, true, e.getMessage()));
            return CompletableFuture.completedFuture(null);
        }
        return appliedIndex(store)
                .thenCompose(applied -> executeAfter(store, applied, slots, results, effects))
                .thenRun(() -> health.succeeded(mapId))
                .exceptionallyCompose(error -> retryOrGiveUp(mapId, slots, results, effects, unwrap(error), attempt));
    }

    private CompletableFuture<Void> retryOrGiveUp(String mapId, List<Slot> slots, CommandResult[][] results,
                                                  Map<String, MapEffectsBatch> effects, Throwable error, int attempt) {
        if (error instanceof StaleLeaderException) {
            // another leader wrote since we read: read its index again, and publish its events if it could not
            appliedIndexByMap.remove(mapId);
            return executeMap(mapId, slots, results, effects, attempt);
        }
        appliedIndexByMap.remove(mapId);
        if (!isLeader.getAsBoolean()) {
            deposed = true;
            slots.forEach(slot -> results[slot.entryPos()][slot.commandPos()] = new CommandResult.Failed(slot.index(), true, false,
                    "this peer lost the leadership before executing it; the next leader executes it"));
            return CompletableFuture.completedFuture(null);
        }
        if (MapHealth.isRefusal(error) && attempt >= health.attempts(mapId)) {
            String why = health.gaveUp(mapId, attempt, error);
            effects.remove(mapId);
            slots.forEach(slot -> {
                results[slot.entryPos()][slot.commandPos()] = new CommandResult.Failed(slot.index(), true, true, why);
                givenUp.add(slot.index());
            });
            return CompletableFuture.completedFuture(null);
        }
        LOG.warn("{}: store of map '{}' failed, retrying: {}", localPeerId, mapId, error.toString());
        CompletableFuture<Void> retry = new CompletableFuture<>();
        scheduler.schedule(() -> executeMap(mapId, slots, results, effects, attempt + 1).whenComplete((v, e) -> {
            if (e != null) {
                retry.completeExceptionally(e);
            } else {
                retry.complete(null);
            }
        }), 200, TimeUnit.MILLISECONDS);
        return retry;
    }

    /**
     * The store's applied index, read once per leadership (and after a fenced write was refused);
     * before it is used, the events of the store's last batch are published if no effects entry
     * carried them (their leader died first).
     */
    private CompletableFuture<Long> appliedIndex(FencedRemoteMap store) {
        Long known = appliedIndexByMap.get(store.mapId());
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return store.appliedIndex()
                .thenCompose(applied -> store.appliedRequests().thenApply(ids -> {
                    recentByMap.put(store.mapId(), new RecentRequests(ids, requestMemoryMillis, clock.getAsLong()));
                    return applied;
                }))
                .thenCompose(applied -> publishUnpublished(store).thenApply(ignored -> applied));
    }

    /**
     * Publishes the events the store keeps from its last batch unless every peer has them already.
     * Safe at any time: peers deliver a map's batch of events once, by store index.
     */
    CompletableFuture<Void> publishUnpublished(FencedRemoteMap store) {
        return store.lastEffects().thenCompose(bytes -> {
            if (bytes == null) {
                return CompletableFuture.completedFuture(null);
            }
            MapEffectsBatch last;
            try {
                last = Wire.decode(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(bytes),
                        MapEffectsBatch.class);
            } catch (CodecException e) {
                // corrupt or hostile bytes in the store must not stop the map: those events are lost, say so
                LOG.error("{}: map '{}' keeps events in the store that cannot be decoded; not publishing them: {}",
                        localPeerId, store.mapId(), e.getMessage());
                return CompletableFuture.completedFuture(null);
            }
            if (last.storeIndex() <= publishedThrough.applyAsLong(store.mapId())) {
                return CompletableFuture.completedFuture(null);
            }
            LOG.info("{}: publishing the events of map '{}' up to store index {} that their leader did not",
                    localPeerId, store.mapId(), last.storeIndex());
            return publish(new MapEffectsBatch[] {last});
        });
    }

    private CompletableFuture<Void> executeAfter(FencedRemoteMap store, long applied, List<Slot> slots,
                                                 CommandResult[][] results, Map<String, MapEffectsBatch> effects) {
        if (applied > storeIndexBase + appliedLogIndex.getAsLong()) {
            // Either this peer has not applied everything committed yet (passes on retry), or the log lost
            // entries the store had executed; skipping by index would then drop new writes: never do that.
            return CompletableFuture.failedFuture(new StoreException("map '" + store.mapId() + "' holds store index "
                    + applied + ", beyond this log (" + (storeIndexBase + appliedLogIndex.getAsLong())
                    + "); waiting: if this lasts, the Raft logs lost entries (see logFsync)"));
        }
        List<Slot> pending = new ArrayList<>();
        RecentRequests recent = recentByMap.get(store.mapId());
        // a second copy in this batch gets the first copy's result, whether or not that took effect
        Map<Bytes, Slot> firstCopies = new HashMap<>();
        List<Slot> laterCopies = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.storeIndex() <= applied) {
                results[slot.entryPos()][slot.commandPos()] = new CommandResult.Failed(slot.index(), true, false,
                        "executed by an earlier leader; its result was lost with it");
            } else if (recent.contains(slot.requestId())) {
                results[slot.entryPos()][slot.commandPos()] = new CommandResult.Repeated(slot.index());
            } else if (firstCopies.putIfAbsent(slot.requestId(), slot) != null) {
                laterCopies.add(slot);
            } else {
                pending.add(slot);
            }
        }
        if (pending.isEmpty()) {
            appliedIndexByMap.put(store.mapId(), applied);
            return CompletableFuture.completedFuture(null);
        }
        boolean collectEffects = listeners.hasListeners(store.mapId());
        Set<Bytes> keys = new LinkedHashSet<>();
        for (Slot slot : pending) {
            if (slot.command() instanceof MapWrite write) {
                for (RawWrite raw : write.writes()) {
                    if (MapBatchComputer.needsStoredEntry(write, raw, collectEffects)) {
                        keys.add(Bytes.wrap(raw.key()));
                    }
                }
            }
        }
        return readCurrent(store, keys).thenCompose(read -> {
            long now = clock.getAsLong();
            MapBatchComputer computer = new MapBatchComputer(read.entries(), read.corrupt(), now);
            List<MapEffects> mapEffects = new ArrayList<>();
            Set<Bytes> executed = new HashSet<>();
            for (Slot slot : pending) {
                MapBatchComputer.Computed computed = computer.execute(slot.index(), slot.storeIndex(), slot.command(), collectEffects);
                CommandResult result = computed.result();
                if (tookEffect(result)) {
                    executed.add(slot.requestId());
                }
                if (computed.effects() != null && computed.effects().length > 0) {
                    mapEffects.add(new MapEffects(store.mapId(), slot.originPeer(), slot.index(), computed.effects()));
                    result = markPublished(result);
                }
                results[slot.entryPos()][slot.commandPos()] = result;
            }
            for (Slot copy : laterCopies) {
                Slot first = firstCopies.get(copy.requestId());
                results[copy.entryPos()][copy.commandPos()] = results[first.entryPos()][first.commandPos()];
            }
            StoreWrite write = computer.storeWrite();
            if (!executed.isEmpty()) {
                write = write.withRequests(new AppliedRequests(executed, now, now - requestMemoryMillis));
            }
            long last = pending.get(pending.size() - 1).storeIndex();
            if (!mapEffects.isEmpty()) {
                // the store keeps every event not yet known to be published, so a next leader loses none
                List<MapEffects> toKeep = new ArrayList<>(unpublished.getOrDefault(store.mapId(), List.of()));
                toKeep.addAll(mapEffects);
                MapEffectsBatch batchEffects = new MapEffectsBatch(store.mapId(), last, toKeep.toArray(MapEffects[]::new));
                effects.put(store.mapId(), batchEffects);
                write = write.withEffects(Wire.encode(batchEffects).toByteArray());
            }
            stats.recordBatch(pending.size());
            if (write.isEmpty()) {
                appliedIndexByMap.put(store.mapId(), applied);
                return CompletableFuture.completedFuture(null);
            }
            return store.applyFenced(applied, last, write)
                    .thenRun(() -> {
                        appliedIndexByMap.put(store.mapId(), last);
                        recent.addAll(executed, now);
                    });
        });
    }

    /**
     * Whether a command changed something, so that its request id must be remembered. One that changed
     * nothing (a condition failed) may run again on a retry: it decides anew against the current state.
     */
    private static boolean tookEffect(CommandResult result) {
        if (result instanceof CommandResult.Written written) {
            for (var outcome : written.outcomes()) {
                if (outcome.applied()) {
                    return true;
                }
            }
            return false;
        }
        return result instanceof CommandResult.Done;
    }

    /** One getAll round trip; if some stored bytes are corrupt, finds which keys one by one. */
    private CompletableFuture<StoredRead> readCurrent(FencedRemoteMap store, Set<Bytes> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(new StoredRead(Map.of(), Set.of()));
        }
        return store.getAll(keys).<StoredRead>thenApply(found -> new StoredRead(found, Set.of()))
                .exceptionallyCompose(error -> unwrap(error) instanceof CodecException
                        ? readKeyByKey(store, keys) : CompletableFuture.failedFuture(error));
    }

    private CompletableFuture<StoredRead> readKeyByKey(FencedRemoteMap store, Set<Bytes> keys) {
        Map<Bytes, Envelope> entries = new ConcurrentHashMap<>();
        Set<Bytes> corrupt = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Bytes key : keys) {
            reads.add(store.get(key).handle((envelope, error) -> {
                if (error != null && unwrap(error) instanceof CodecException) {
                    corrupt.add(key);
                } else if (error != null) {
                    throw new CompletionException(unwrap(error));
                } else if (envelope != null) {
                    entries.put(key, envelope);
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> new StoredRead(new HashMap<>(entries), new HashSet<>(corrupt)));
    }

    private static boolean isUserStore(Command command) {
        return command instanceof MapWrite write ? write.userStore() : ((MapClear) command).userStore();
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * One map command of a batch.
     *
     * @param index      the entry's log index (what replies and events name)
     * @param storeIndex the entry's index in the store's terms: the log incarnation's base plus index
     */
    private record Slot(int entryPos, int commandPos, long index, long storeIndex, String originPeer, Command command,
                        Bytes requestId) {}

    private record StoredRead(Map<Bytes, Envelope> entries, Set<Bytes> corrupt) {}
}
