package io.hamok.raft.internal;

import io.hamok.exceptions.CodecException;
import io.hamok.raft.command.Checkpoint;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.Genesis;
import io.hamok.raft.command.Listen;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's state machine. Every peer applies every entry in log order: listener registrations
 * change the replicated {@link ListenerRegistry}, effects entries reach local listeners, and command
 * entries go to the {@link LeaderExecutor} while this peer leads. A follower keeps only their open
 * replies ({@link PendingReplies}); when it takes the lead it reads the committed entries after the
 * last {@link Checkpoint} from the Raft log and executes them (each map skips what its store has
 * applied), however long ago they were committed. Never blocks the apply thread.
 */
final class HamokStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(HamokStateMachine.class);

    private final String localPeerId;
    private final ListenerRegistry listeners;
    private final LeaderExecutor executor;
    private final PendingReplies pendingReplies;
    /** Hands delivered effects to this peer's sinks. */
    private final LocalEvents events;
    /** Takes a batch a follower forwarded to this leader. */
    private final java.util.function.Function<Message, CompletableFuture<Message>> forwarded;
    private final ExecutorService eventThread;
    private final java.util.function.ObjLongConsumer<String> userStoreExecutedElsewhere;
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> appliedWaiters = new ConcurrentSkipListMap<>();
    private final Map<String, Long> publishedThrough = new ConcurrentHashMap<>();
    private final Object roleLock = new Object();
    private volatile long appliedIndex;
    private final Runnable proposeGenesis;
    private volatile long storeIndexBase = -1;
    private boolean leading;
    private final GridSnapshots snapshots = new GridSnapshots();
    private final LeaderWatch leaderWatch;
    /** Replicated: every command entry through this index was executed (see {@link Checkpoint}). */
    private volatile long checkpoint;
    private final int snapshotEveryEntries;
    private volatile long lastSnapshotIndex = -1;
    /** Where the Raft log's segment files are. */
    private volatile java.nio.file.Path logDir;
    private final EntryGate gate = new EntryGate();
    /** Told when the log removes one of this peer's listener registrations (see {@link RegistrationExpiry}). */
    private volatile java.util.function.Consumer<String> ownRegistrationRemoved = mapId -> { };
    /** This peer's near caches: invalidated when entries reach the log and when they are applied. */
    private volatile NearCaches nearCaches;

    HamokStateMachine(String localPeerId, ListenerRegistry listeners, LeaderExecutor executor,
                      PendingReplies pendingReplies, ExecutorService eventThread,
                      java.util.function.ObjLongConsumer<String> userStoreExecutedElsewhere, Runnable proposeGenesis,
                      int snapshotEveryEntries,
                      java.util.function.Function<Message, CompletableFuture<Message>> forwarded) {
        this.forwarded = forwarded;
        this.snapshotEveryEntries = snapshotEveryEntries;
        this.userStoreExecutedElsewhere = userStoreExecutedElsewhere;
        this.proposeGenesis = proposeGenesis;
        this.localPeerId = localPeerId;
        this.leaderWatch = new LeaderWatch(localPeerId);
        this.listeners = listeners;
        this.executor = executor;
        this.pendingReplies = pendingReplies;
        this.eventThread = eventThread;
        this.events = new LocalEvents(localPeerId, eventThread);
    }

    /** Sets what happens when the log removes one of this peer's listener registrations. */
    void onOwnRegistrationRemoved(java.util.function.Consumer<String> action) {
        this.ownRegistrationRemoved = action;
    }

    /** Decides which write requests this peer appends while it leads. */
    EntryGate gate() {
        return gate;
    }

    void nearCaches(NearCaches nearCaches) {
        this.nearCaches = nearCaches;
        if (storeIndexBase >= 0) {
            nearCaches.storeIndexBase(storeIndexBase);
        }
    }

    /** An entry reaches this follower's log (Ratis calls this before appending it): near caches drop its keys. */
    @Override
    public TransactionContext startTransaction(LogEntryProto entry, org.apache.ratis.proto.RaftProtos.RaftPeerRole role) {
        NearCaches near = nearCaches;
        LogEntry decoded = near == null ? null : near.onAppend(entry);
        TransactionContext trx = super.startTransaction(entry, role);
        if (decoded != null) {
            trx.setStateMachineContext(decoded);
        }
        return trx;
    }

    /** This peer's sinks and the waits for its own commands' events. */
    LocalEvents events() {
        return events;
    }

    /** How many leader changes this peer saw. */
    long leaderChanges() {
        return leaderWatch.changes();
    }

    /** The last log index this peer applied. */
    long appliedLogIndex() {
        return appliedIndex;
    }

    boolean isLeading() {
        synchronized (roleLock) {
            return leading;
        }
    }

    /** Completes once this peer has applied {@code index} and delivered the events up to it. */
    CompletableFuture<Void> awaitApplied(long index) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        if (appliedIndex >= index) {
            eventThread.execute(() -> waiter.complete(null));
            return waiter;
        }
        CompletableFuture<Void> existing = appliedWaiters.putIfAbsent(index, waiter);
        CompletableFuture<Void> registered = existing != null ? existing : waiter;
        if (appliedIndex >= index) {
            releaseWaiters(appliedIndex);
        }
        return registered;
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leaderWatch.leaderIs(newLeaderId);
        boolean nowLeading = newLeaderId != null && newLeaderId.toString().equals(localPeerId);
        NearCaches near = nearCaches;
        if (near != null) {
            near.leaderChanged(nowLeading, nowLeading ? lastLogIndex() : 0);
        }
        synchronized (roleLock) {
            if (nowLeading == leading) {
                return;
            }
            leading = nowLeading;
            if (nowLeading) {
                executor.startLeadership(checkpoint);
                List<AppliedEntry> unexecuted = committedSinceCheckpoint();
                LOG.info("{}: now leading; executing the {} command entries after checkpoint {}, where not yet executed",
                        localPeerId, unexecuted.size(), checkpoint);
                executor.submit(unexecuted);
                if (storeIndexBase < 0) {
                    proposeGenesis.run();
                }
            }
        }
    }

    /**
     * The command entries this peer applied after the checkpoint, read from the Raft log, each with its
     * open reply if this peer still holds one. Called under the role lock, so that no entry applied
     * meanwhile is missed or executed twice.
     */
    private List<AppliedEntry> committedSinceCheckpoint() {
        List<AppliedEntry> entries = new java.util.ArrayList<>();
        org.apache.ratis.server.raftlog.RaftLog log = raftLog();
        for (long index = Math.max(checkpoint + 1, log.getStartIndex()); index <= appliedIndex; index++) {
            LogEntryProto proto;
            try {
                proto = log.get(index);
            } catch (org.apache.ratis.server.raftlog.RaftLogIOException e) {
                LOG.error("{}: cannot read log entry {} to execute it: {}", localPeerId, index, e.toString());
                continue;
            }
            if (proto == null || !proto.hasStateMachineLogEntry()) {
                continue;
            }
            LogEntry entry;
            try {
                entry = Wire.decode(proto.getStateMachineLogEntry().getLogData(), LogEntry.class);
            } catch (RuntimeException | StackOverflowError e) {
                LOG.error("{}: cannot decode log entry {} (it was answered with this error when applied): {}",
                        localPeerId, index, e.toString());
                continue;
            }
            if (entry instanceof CommandBatch batch) {
                CompletableFuture<BatchReply> reply = pendingReplies.take(index);
                entries.add(new AppliedEntry(index, batch, reply != null ? reply : new CompletableFuture<>()));
            }
        }
        return entries;
    }

    /** The index of the last entry in this peer's log (0 when empty). */
    private long lastLogIndex() {
        TermIndex last = raftLog().getLastEntryTermIndex();
        return last == null ? 0 : last.getIndex();
    }

    /** This peer's Raft log, where committed entries stay readable until a snapshot lets Ratis purge them. */
    private org.apache.ratis.server.raftlog.RaftLog raftLog() {
        try {
            return getServer().join().getDivision(getGroupId()).getRaftLog();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Milliseconds since 2025-01-01: names a new log incarnation (see {@link Genesis}). */
    static long genesisEpochNow() {
        return Math.max(1, System.currentTimeMillis() - GENESIS_EPOCH_MILLIS);
    }

    private static final long GENESIS_EPOCH_MILLIS = 1_735_689_600_000L;
    /**
     * Store indexes per millisecond of incarnation epoch (2^23): a log incarnation never commits that
     * many entries per millisecond it runs, so an incarnation started later always has higher
     * store indexes than any earlier one reached; 40 bits of epoch last 34 years.
     */
    private static final int INDEX_BITS = 23;

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        advanceApplied(index);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto log = trx.getLogEntry();
        long index = log.getIndex();
        CompletableFuture<Message> reply;
        WireVersion.requireReadable(localPeerId, index, WireVersion.of(log.getStateMachineLogEntry().getLogData()), Wire.VERSION);
        try {
            // decoded when it reached this follower's log, if a near cache needed it then
            LogEntry entry = trx.getStateMachineContext() instanceof LogEntry decoded ? decoded
                    : Wire.decode(log.getStateMachineLogEntry().getLogData(), LogEntry.class);
            NearCaches near = nearCaches;
            if (near != null) {
                near.onApply(index, entry);
            }
            reply = entry instanceof CommandBatch batch ? applyCommands(index, batch) : deliver((EffectsBatch) entry);
        } catch (Throwable e) {
            // Never into Ratis' apply loop: it would close this server, on every peer that applies the entry.
            LOG.error("{}: cannot apply entry {}; answering its sender with the error: {}", localPeerId, index, e.toString());
            reply = CompletableFuture.failedFuture(new CodecException("log entry " + index + " cannot be applied: " + e));
        }
        updateLastAppliedTermIndex(log.getTerm(), index);
        advanceApplied(index);
        return reply;
    }

    /** A follower's forwarded batch (Ratis calls this on the leader for read-only requests). */
    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            if (LeaseMessages.isRequest(request.getContent()) && nearCaches != null) {
                LeaseMessages.Grant grant = nearCaches.grants().grant(LeaseMessages.readRequest(request.getContent()));
                return CompletableFuture.completedFuture(Message.valueOf(LeaseMessages.grant(grant)));
            }
            return forwarded.apply(request);
        } catch (Throwable e) {
            // a short exception of our own: Ratis sends a failed query's exception back in gRPC headers
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return CompletableFuture.failedFuture(new CodecException("refused: "
                    + message.substring(0, Math.min(message.length(), 500))));
        }
    }

    /** Answers a starting peer's question for this peer's wire version (see {@link StartupChecks}). */
    @Override
    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
        if (StartupChecks.isVersionQuestion(request)) {
            return CompletableFuture.completedFuture(Message.valueOf(
                    org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(new byte[] {Wire.VERSION})));
        }
        return super.queryStale(request, minIndex);
    }

    /**
     * On the leader, before an entry is appended: refuses an entry of another wire version than this peer's
     * (which every peer of the grid reads), and a write request that the {@link EntryGate} does not let in.
     */
    @Override
    public TransactionContext startTransaction(org.apache.ratis.protocol.RaftClientRequest request) throws IOException {
        TransactionContext trx = super.startTransaction(request);
        String refusal;
        try {
            int version = WireVersion.of(request.getMessage().getContent());
            refusal = version != Wire.VERSION
                    ? "peer '" + localPeerId + "' refuses to append an entry of wire version " + version
                            + ": the grid runs wire version " + Wire.VERSION
                    : gate.refusal(request);
        } catch (Throwable e) {
            refusal = "refused: " + e;
        }
        if (refusal != null) {
            LOG.warn("{}: {}", localPeerId, refusal);
            trx.setException(new CodecException(refusal));
        }
        return trx;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots.storage();
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        logDir = storage.getStorageDir().getCurrentDir().toPath();
        snapshots.init(storage);
        restoreLatestSnapshot();
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** After the leader installed a snapshot here (this peer lacked entries the leader had purged). */
    @Override
    public void reinitialize() throws IOException {
        restoreLatestSnapshot();
        if (nearCaches != null) {
            nearCaches.reset(lastSnapshotIndex);
        }
        LOG.info("{}: installed the leader's snapshot at index {}", localPeerId, lastSnapshotIndex);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    private void restoreLatestSnapshot() throws IOException {
        synchronized (snapshots) {
            GridSnapshots.Latest latest = snapshots.readLatest();
            if (latest != null) {
                restore(latest.at(), latest.state());
            }
        }
    }

    private void restore(TermIndex at, SnapshotState state) {
        listeners.restore(state.listens());
        publishedThrough.clear();
        for (int i = 0; i < state.publishedMaps().length; i++) {
            publishedThrough.put(state.publishedMaps()[i], state.publishedThrough()[i]);
        }
        checkpoint = Math.max(checkpoint, state.checkpoint());
        if (state.storeIndexBase() >= 0 && storeIndexBase < 0) {
            storeIndexBase = state.storeIndexBase();
            if (nearCaches != null) {
                nearCaches.storeIndexBase(storeIndexBase);
            }
            executor.startIncarnation(storeIndexBase);
        }
        lastSnapshotIndex = at.getIndex();
        updateLastAppliedTermIndex(at);
        advanceApplied(at.getIndex());
    }

    /**
     * Writes a snapshot of the replicated state and lets Ratis purge the log through it, at the end of the
     * newest closed log segment that the checkpoint (every command entry through it executed) has passed,
     * once that is {@code snapshotEveryEntries} past the last snapshot: the log keeps every entry a new
     * leader could still have to execute, and starts right after the snapshot (see {@link LogSegments}).
     * Runs off the apply thread: Ratis' own snapshot trigger waits for every open reply, and ours stay open
     * for a while. The state written may include entries after the snapshot's index; replaying them
     * converges (listener registrations replay in order, delivered-through indexes and checkpoints only grow).
     */
    void snapshotIfDue() throws IOException {
        long executed = Math.min(checkpoint, appliedIndex);
        if (executed <= 0 || executed - Math.max(lastSnapshotIndex, 0) < snapshotEveryEntries || logDir == null) {
            return;
        }
        long at = LogSegments.lastEndAtOrBelow(logDir, executed);
        if (at <= 0 || at - Math.max(lastSnapshotIndex, 0) < snapshotEveryEntries) {
            return;
        }
        org.apache.ratis.server.raftlog.RaftLog log = raftLog();
        TermIndex termIndex = log.getTermIndex(at);
        if (termIndex == null) {
            return;
        }
        synchronized (snapshots) {
            Map<String, Long> published = new java.util.LinkedHashMap<>(publishedThrough);
            snapshots.write(termIndex, new SnapshotState(storeIndexBase, listeners.registrations(),
                    published.keySet().toArray(String[]::new), published.values().stream().mapToLong(Long::longValue).toArray(),
                    checkpoint));
            lastSnapshotIndex = at;
        }
        log.purge(at);
    }

    private CompletableFuture<Message> applyCommands(long index, CommandBatch batch) {
        for (Command command : batch.commands()) {
            if (command instanceof Listen listen) {
                listeners.apply(listen);
                if (!listen.listening() && listen.peerId().equals(localPeerId)) {
                    ownRegistrationRemoved.accept(listen.mapId());
                }
            } else if (command instanceof Checkpoint executed) {
                checkpoint = Math.max(checkpoint, Math.min(executed.executedThrough(), index));
                executor.checkpointApplied(checkpoint);
            } else if (command instanceof Genesis genesis && storeIndexBase < 0) {
                storeIndexBase = genesis.epochMillis() << INDEX_BITS;
                if (nearCaches != null) {
                    nearCaches.storeIndexBase(storeIndexBase);
                }
                LOG.info("{}: log incarnation {} (store indexes from {})", localPeerId, genesis.epochMillis(), storeIndexBase);
                executor.startIncarnation(storeIndexBase);
            }
        }
        CompletableFuture<BatchReply> reply;
        synchronized (roleLock) {
            if (leading) {
                AppliedEntry entry = new AppliedEntry(index, batch);
                executor.submit(List.of(entry));
                reply = entry.reply();
            } else {
                reply = pendingReplies.open(index, batch.commands().length);
                for (Command command : batch.commands()) {
                    if (storeIndexBase >= 0 && (command instanceof io.hamok.raft.command.MapWrite write && write.userStore()
                            || command instanceof io.hamok.raft.command.MapClear clear && clear.userStore())) {
                        userStoreExecutedElsewhere.accept(command.mapId(), storeIndexBase + index);
                    }
                }
            }
        }
        return reply.thenApply(answer -> Message.valueOf(Wire.encode(answer)));
    }

    /**
     * Delivers an effects entry on the event thread. Events of a command whose store index a peer
     * delivered before (a new leader publishing again what its predecessor had published after all) are
     * skipped here, on the apply thread, so every peer decides alike: each effect reaches each peer once,
     * in order. A command's store index is this log's base plus its entry's index; all commands of one
     * entry travel in the same batch, so they are kept or skipped together.
     */
    private CompletableFuture<Message> deliver(EffectsBatch batch) {
        List<MapEffects> fresh = new java.util.ArrayList<>();
        for (MapEffectsBatch mapBatch : batch.maps()) {
            long published = publishedThrough.getOrDefault(mapBatch.mapId(), 0L);
            for (MapEffects effects : mapBatch.effects()) {
                if (storeIndexBase + effects.logIndex() > published) {
                    fresh.add(effects);
                }
            }
            publishedThrough.put(mapBatch.mapId(), Math.max(published, mapBatch.storeIndex()));
        }
        events.deliver(fresh);
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    /** The store index of the last batch of effects of a map every peer has delivered (replicated state). */
    long publishedThrough(String mapId) {
        return publishedThrough.getOrDefault(mapId, 0L);
    }

    private void advanceApplied(long index) {
        if (index > appliedIndex) {
            appliedIndex = index;
            releaseWaiters(index);
        }
    }

    private void releaseWaiters(long index) {
        Map<Long, CompletableFuture<Void>> ready = appliedWaiters.headMap(index, true);
        if (ready.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> waiters = List.copyOf(ready.values());
        ready.clear();
        eventThread.execute(() -> waiters.forEach(w -> w.complete(null)));
    }

    /** Answers every open follower reply so that the Raft server can stop without waiting for them. */
    void prepareClose() {
        pendingReplies.close();
    }

    @Override
    public void close() {
        pendingReplies.close();
        appliedWaiters.values().forEach(w -> w.completeExceptionally(
                new IllegalStateException("the grid peer " + localPeerId + " is closed")));
        appliedWaiters.clear();
        events.close();
    }
}
