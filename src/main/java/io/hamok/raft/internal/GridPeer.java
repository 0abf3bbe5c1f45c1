package io.hamok.raft.internal;

import io.hamok.exceptions.HamokException;
import io.hamok.exceptions.NoLeaderException;
import io.hamok.raft.EffectsSink;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.raft.command.Checkpoint;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.RequestId;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.Genesis;
import io.hamok.raft.command.Listen;
import io.hamok.raft.command.Noop;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.TypedRemoteMapAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The machinery behind {@link io.hamok.raft.Grid}: Ratis server and client, threads, stores. */
public final class GridPeer {
    private static final Logger LOG = LoggerFactory.getLogger(GridPeer.class);

    private final GridConfig config;
    private final RaftGroup group;
    private final PeerStorage storage;
    /** Whether this peer lost its storage and rejoins as a new member (see {@link PeerStorage}). */
    private final boolean rejoin;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService sweeper;
    private final ExecutorService eventThread;
    private final BatchStats stats = new BatchStats();
    private final Map<String, FencedRemoteMap> userStores = new ConcurrentHashMap<>();
    private final Map<String, FencedRemoteMap> builtInStores = new ConcurrentHashMap<>();
    private final Map<String, Integer> listenCounts = new java.util.HashMap<>();
    private final HamokStateMachine stateMachine;
    private final RaftServer server;
    private final ReconnectingClient client;
    private final GroupCommitter committer;
    private final ExecutorService sendThread;
    /** Identifies the entries this peer appends through its own server while it leads. */
    private final ClientId localClientId = ClientId.randomId();
    private final java.util.concurrent.atomic.AtomicLong localCallId = new java.util.concurrent.atomic.AtomicLong();
    private final LeaderExecutor executor;
    private final NearCaches nearCaches;
    private long lastCheckpoint;
    private volatile boolean closed;
    private final Readiness readiness;
    private final MembershipWatch membership;

    private GridPeer(GridConfig config) throws IOException {
        this.config = config;
        this.group = RaftGroup.valueOf(
                RaftGroupId.valueOf(UUID.nameUUIDFromBytes(config.groupId().getBytes(StandardCharsets.UTF_8))),
                config.peers().stream().map(GridPeer::toRaftPeer).toList());
        this.storage = PeerStorage.open(config);
        RaftProperties properties = RaftSettings.properties(config, storage.dir());
        Parameters parameters = RaftSettings.tls(config.tls());
        this.rejoin = storage.verify(config, config.storeFactory(), () -> othersHoldALog(properties, parameters));
        new StartupChecks(config, group.getGroupId()).run(() -> RaftSettings.probe(properties, parameters, group),
                MembershipWatch.holdsLog(storage.dir()));
        String id = config.localPeerId();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("hamok-leader-" + id));
        this.eventThread = Executors.newSingleThreadExecutor(daemon("hamok-events-" + id));
        ListenerRegistry listeners = new ListenerRegistry();
        PendingReplies pendingReplies = new PendingReplies(config.retryCacheExpiry());
        LeaderExecutor executor = new LeaderExecutor(id, this::resolveStore, listeners, this::publishEffects,
                this::isLeader, System::currentTimeMillis, scheduler, stats, this::appliedLogIndex, this::publishedThrough,
                config.retryCacheExpiry().multipliedBy(2).toMillis());
        this.stateMachine = new HamokStateMachine(id, listeners, executor, pendingReplies, eventThread,
                this::userStoreExecutedElsewhere, () -> scheduler.execute(this::proposeGenesis), config.snapshotEveryEntries(), this::acceptForwarded);
        this.executor = executor;
        stateMachine.gate().trust(localClientId);
        executor.checkpointWith(this::appendCheckpoint);
        stateMachine.events().boundListeners(config.listenerTimeout());
        stateMachine.onOwnRegistrationRemoved(this::registerAgainIfListening);
        this.nearCaches = NearCaches.create(id, config.peers().stream().map(PeerAddress::id).filter(p -> !p.equals(id)).toList(),
                nearCacheLease(config), () -> RaftSettings.probe(properties, parameters, group), this::division,
                stateMachine::appliedLogIndex, executor::executedThrough);
        stateMachine.nearCaches(nearCaches);
        executor.executeGate(nearCaches.grants()::beforeExecute);
        this.server = RaftServer.newBuilder()
                .setParameters(parameters)
                .setServerId(RaftPeerId.valueOf(id))
                .setGroup(group)
                .setProperties(properties)
                .setStateMachine(stateMachine)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        this.membership = new MembershipWatch(config, group, this::currentConfiguration);
        this.client = new ReconnectingClient(() -> RaftSettings.client(properties, parameters, membership.group(), config));
        this.readiness = new Readiness(id, () -> leaderId().isPresent(), this::sync, scheduler);
        scheduler.scheduleWithFixedDelay(() -> membership.refresh(client), 1, 1, TimeUnit.SECONDS);
        this.sendThread = Executors.newSingleThreadExecutor(daemon("hamok-send-" + id));
        this.committer = new GroupCommitter(id, this::route, this::isLeader, sendThread, config.maxInFlightEntries(), config.maxEntryBytes(),
                config.retryCacheExpiry().dividedBy(2), lateForwardAnswers(config), stats);
        scheduler.scheduleWithFixedDelay(pendingReplies::expire, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::checkpointIfAdvanced, 1, 1, TimeUnit.SECONDS);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("hamok-sweeper-" + id));
        long sweepMillis = config.expirySweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(new ExpirySweeper(() -> builtInStores, this::submit, this::isLeader,
                System::currentTimeMillis, 2_000, store -> executor.publishUnpublished(store)),
                sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(this::snapshotIfDue, 1, 1, TimeUnit.SECONDS);
        sweeper.scheduleWithFixedDelay(new RegistrationExpiry(id, listeners, this::isLeader, this::silenceByPeer,
                this::submit, config.listenerExpiry()), 1, 1, TimeUnit.SECONDS);
    }

    private void snapshotIfDue() {
        if (closed) {
            return;
        }
        try {
            stateMachine.snapshotIfDue();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot write a snapshot of the grid state (the log keeps growing until one is written): {}",
                    config.localPeerId(), e.toString());
        }
    }

    /** Starts a peer. */
    public static GridPeer start(GridConfig config) {
        ProtectedMode.warnIfPlainText(config);
        GridPeer peer;
        try {
            peer = new GridPeer(config);
        } catch (IOException | RuntimeException e) {
            throw new HamokException("cannot create grid peer " + config.localPeer() + ": " + e.getMessage(), e);
        }
        try {
            if (peer.rejoin) {
                peer.leaveConfiguration();
            }
            peer.server.start();
            if (peer.rejoin) {
                peer.rejoinConfiguration();
            }
            peer.readiness.start();
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw new HamokException("cannot start grid peer " + config.localPeer() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether another peer of the grid answers with a Raft log (a term or an entry): then the grid runs
     * on, and a peer that finds its storage empty lost it. No answer within about two seconds each
     * counts as no log (a grid starting anew has none anywhere).
     */
    private boolean othersHoldALog(RaftProperties properties, Parameters parameters) {
        try (RaftClient probe = RaftSettings.probe(properties, parameters, group)) {
            for (RaftPeer peer : group.getPeers()) {
                if (peer.getId().toString().equals(config.localPeerId())) {
                    continue;
                }
                try {
                    org.apache.ratis.protocol.GroupInfoReply info = probe.getGroupManagementApi(peer.getId()).info(group.getGroupId());
                    if (info.getLogInfoProto().getLastEntry().getIndex() > 0) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{}: peer {} did not tell whether it has a log: {}", config.localPeerId(), peer.getId(), e.toString());
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Takes this peer out of the group's configuration before its empty storage can vote. */
    private void leaveConfiguration() throws IOException {
        List<RaftPeer> others = membership.askGrid(client.current()).stream()
                .filter(p -> !p.id().equals(config.localPeerId())).map(GroupAdmin::raftPeer).toList();
        LOG.warn("{}: lost its Raft storage; rejoining: leaving the configuration first", config.localPeerId());
        requireSuccess(client.current().admin().setConfiguration(others), "leave the group's configuration");
    }

    /** Adds this peer back; the leader catches it up before the new configuration counts it. */
    private void rejoinConfiguration() throws IOException {
        admin().addPeer(config.localPeer());
        LOG.warn("{}: rejoined the grid after losing its storage", config.localPeerId());
    }

    private void requireSuccess(RaftClientReply reply, String what) {
        if (!reply.isSuccess()) {
            throw new HamokException("peer '" + config.localPeerId() + "' could not " + what + ": " + reply.getException());
        }
    }

    private static RaftPeer toRaftPeer(PeerAddress address) {
        return RaftPeer.newBuilder().setId(address.id()).setAddress(address.address()).build();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    public GridConfig config() {
        return config;
    }

    /**
     * Answers to forwards that took at least half a client timeout, kept for two: a forward's copy comes
     * one client timeout after the first was sent.
     */
    private static RecentAnswers lateForwardAnswers(GridConfig config) {
        java.time.Duration timeout = RaftSettings.clientRequestTimeout(config);
        return new RecentAnswers(timeout.multipliedBy(2), timeout.dividedBy(2), 100_000);
    }

    /** How long a near-cache lease lasts: half the lower election timeout. */
    public static Duration nearCacheLease(GridConfig config) {
        return config.electionTimeoutMin().dividedBy(2);
    }

    /** Opens a near cache of a map on this peer (see {@link io.hamok.raft.NearCacheLink}). */
    public io.hamok.raft.NearCacheLink openNearCache(String mapId, io.hamok.raft.NearCacheMode mode, boolean versioned,
                                                     io.hamok.raft.NearCacheLink.Invalidations invalidations) {
        return nearCaches.open(mapId, mode, versioned, invalidations);
    }

    private RaftServer.Division division() {
        try {
            return server.getDivision(group.getGroupId());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Path storageDir() {
        return storage.dir();
    }

    public boolean isLeader() {
        return !closed && stateMachine.isLeading();
    }

    public Optional<String> leaderId() {
        try {
            RaftPeerId leader = server.getDivision(group.getGroupId()).getInfo().getLeaderId();
            return Optional.ofNullable(leader).map(RaftPeerId::toString);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Waits for a leader that has committed an entry of its term (ready for writes). */
    public void awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (leaderId().isPresent()) {
                try {
                    long left = Math.max(1, deadline - System.nanoTime());
                    CommandResult result = submit(new Noop()).get(left, TimeUnit.NANOSECONDS);
                    if (!(result instanceof CommandResult.Failed)) {
                        return;
                    }
                } catch (Exception e) {
                    // not ready yet
                }
            }
            sleep(50);
        }
        throw new NoLeaderException("no leader elected among " + members() + " within " + timeout, null);
    }

    public CompletableFuture<CommandResult> submit(Command command) {
        return committer.submit(command);
    }

    public CompletableFuture<CommandResult> submit(Command command, RequestId requestId) {
        return committer.submit(command, requestId);
    }

    public RequestId newRequestId() {
        return committer.nextRequestId();
    }

    public CompletableFuture<Void> sync() {
        return submit(new Noop()).thenCompose(result -> {
            if (result instanceof CommandResult.Failed failed) {
                return CompletableFuture.failedFuture(new NoLeaderException("sync failed: " + failed.message(), null));
            }
            CommandResult.Done done = (CommandResult.Done) result;
            return stateMachine.awaitApplied(Math.max(done.logIndex(), done.eventsIndex()));
        });
    }

    public FencedRemoteMap store(String mapId) {
        return resolveStore(mapId, userStores.containsKey(mapId));
    }

    public void registerUserStore(String mapId, FencedRemoteMap store) {
        userStores.put(mapId, store);
    }

    private long appliedLogIndex() {
        return stateMachine.appliedLogIndex();
    }

    private long publishedThrough(String mapId) {
        return stateMachine.publishedThrough(mapId);
    }

    /**
     * Where a batch of this peer's commands goes: on the leader straight into the Raft log as one entry
     * (no client hop), on a follower to the leader, whose committer packs it with everything else
     * pending into its next entry ({@link #acceptForwarded}).
     */
    private CompletableFuture<BatchReply> route(CommandBatch batch, boolean leading) {
        Message message = Message.valueOf(Wire.encode(batch));
        CompletableFuture<RaftClientReply> reply = leading ? submitLocally(message) : client.forward(message);
        return reply.thenApply(GridPeer::batchReply);
    }

    private static BatchReply batchReply(RaftClientReply reply) {
        return Wire.decode(succeeded(reply).getMessage().getContent(), BatchReply.class);
    }

    /** The reply, or its exception thrown for the future chain to carry. */
    private static RaftClientReply succeeded(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new java.util.concurrent.CompletionException(reply.getException());
        }
        return reply;
    }

    /** Appends an entry through this peer's own server: only the leader accepts it. */
    private CompletableFuture<RaftClientReply> submitLocally(Message message) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(localClientId)
                .setServerId(server.getId())
                .setGroupId(group.getGroupId())
                .setCallId(localCallId.incrementAndGet())
                .setMessage(message)
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** On the leader: a follower's batch joins this peer's queue, keeping each command's id and origin. */
    private CompletableFuture<Message> acceptForwarded(Message message) {
        CommandBatch batch;
        try {
            batch = EntryGate.forwarded(message);
        } catch (EntryGate.Refused refused) {
            return CompletableFuture.completedFuture(refused.reply());
        }
        int size = batch.commands().length;
        @SuppressWarnings("unchecked")
        CompletableFuture<CommandResult>[] results = new CompletableFuture[size];
        for (int i = 0; i < size; i++) {
            results[i] = committer.submit(batch.commands()[i], batch.requestIds()[i], batch.originPeers()[i]);
        }
        return CompletableFuture.allOf(results).thenApply(ignored -> {
            CommandResult[] answers = new CommandResult[size];
            for (int i = 0; i < size; i++) {
                answers[i] = results[i].join();
            }
            return Message.valueOf(Wire.encode(new BatchReply(0, answers)));
        });
    }

    /** While leading, records in the log how far entries were executed, so the log can be purged up to there. */
    private void checkpointIfAdvanced() {
        long executed = executor.executedThrough();
        if (isLeader() && executed > lastCheckpoint) {
            lastCheckpoint = executed;
            submit(new Checkpoint(executed));
        }
    }

    /** While leading: per follower, how long ago it last answered (milliseconds). */
    private Map<String, Long> silenceByPeer() {
        try {
            org.apache.ratis.proto.RaftProtos.RoleInfoProto role = server.getDivision(group.getGroupId()).getInfo().getRoleInfoProto();
            if (!role.hasLeaderInfo()) {
                return Map.of();
            }
            Map<String, Long> silence = new java.util.HashMap<>();
            for (org.apache.ratis.proto.RaftProtos.ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
                silence.put(follower.getId().getId().toStringUtf8(), follower.getLastRpcElapsedTimeMs());
            }
            return silence;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** The log removed this peer's registration on a map (it was silent too long): registers again if it listens. */
    private void registerAgainIfListening(String mapId) {
        boolean listening;
        synchronized (listenCounts) {
            listening = listenCounts.getOrDefault(mapId, 0) > 0;
        }
        if (listening && !closed) {
            LOG.warn("{}: its listener registration on map '{}' had expired; registering again (events in between"
                    + " were not delivered here)", config.localPeerId(), mapId);
            scheduler.execute(() -> submit(new Listen(mapId, config.localPeerId(), true)));
        }
    }

    /** Appends a checkpoint straight into the log (not behind queued commands), while this peer leads. */
    private void appendCheckpoint(long executed) {
        if (!closed && isLeader()) {
            submitLocally(Message.valueOf(Wire.encode(new CommandBatch(new Command[] {new Checkpoint(executed)},
                    new RequestId[] {newRequestId()}, new String[] {config.localPeerId()}))));
        }
    }

    /** Proposes the log's incarnation until one is applied, while this peer leads. */
    private void proposeGenesis() {
        if (closed || !isLeader()) {
            return;
        }
        // Straight into the log, not behind the queued commands: their execution waits for this entry.
        CommandBatch genesis = new CommandBatch(new Command[] {new Genesis(HamokStateMachine.genesisEpochNow())},
                new RequestId[] {newRequestId()}, new String[] {config.localPeerId()});
        submitLocally(Message.valueOf(Wire.encode(genesis))).whenComplete((reply, error) -> {
            if (error != null || !reply.isSuccess()) {
                scheduler.schedule(this::proposeGenesis, 200, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** A user-written store cannot be fenced: entries other leaders executed are skipped if this peer leads. */
    private void userStoreExecutedElsewhere(String mapId, long index) {
        if (userStores.get(mapId) instanceof TypedRemoteMapAdapter<?, ?> adapter) {
            adapter.assumeAppliedThrough(index);
        }
    }

    public void registerEffectsSink(String mapId, EffectsSink sink) {
        stateMachine.events().registerSink(mapId, sink);
    }

    public void unregisterEffectsSink(String mapId, EffectsSink sink) {
        stateMachine.events().unregisterSink(mapId, sink);
    }

    public void unregisterUserStore(String mapId, FencedRemoteMap store) {
        userStores.remove(mapId, store);
    }

    /**
     * Counts this peer's listening maps per map id; the grid hears of the first and of the last
     * (a {@link Listen} command), so that several maps of one id on one peer share the registration.
     */
    public CompletableFuture<CommandResult> listen(String mapId, boolean listening) {
        boolean tell;
        synchronized (listenCounts) {
            int before = listenCounts.getOrDefault(mapId, 0);
            int after = Math.max(0, before + (listening ? 1 : -1));
            if (after == 0) {
                listenCounts.remove(mapId);
            } else {
                listenCounts.put(mapId, after);
            }
            tell = before == 0 && after == 1 || before == 1 && after == 0;
        }
        return tell ? submit(new Listen(mapId, config.localPeerId(), listening))
                : CompletableFuture.completedFuture(new CommandResult.Done(0, 0, false));
    }

    public BatchStats batchStats() {
        return stats;
    }

    /** This peer's view of the grid; see {@link io.hamok.raft.Grid#status()}. */
    public io.hamok.raft.GridStatus status(RequestTimer timer) {
        RaftServer.Division division = null;
        try {
            division = closed ? null : server.getDivision(group.getGroupId());
        } catch (IOException | RuntimeException e) {
            // not started or closed: reported as CLOSED
        }
        return StatusReader.read(config.localPeerId(), division, appliedLogIndex(), executor.appliedIndexByMap(), stats,
                stateMachine.leaderChanges(), timer);
    }

    private FencedRemoteMap resolveStore(String mapId, boolean userStore) {
        if (userStore) {
            FencedRemoteMap store = userStores.get(mapId);
            if (store == null) {
                throw new IllegalStateException("map '" + mapId + "' keeps its data in a user-written RemoteMap that"
                        + " was not created on peer " + config.localPeerId() + "; create the map on every peer that can lead");
            }
            return store;
        }
        return builtInStores.computeIfAbsent(mapId, id -> config.storeFactory().open(id));
    }

    /** Appends an effects entry; completes with its log index once committed. */
    private CompletableFuture<Long> publishEffects(EffectsBatch batch) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        return submitLocally(Message.valueOf(Wire.encode(batch))).thenApply(reply -> succeeded(reply).getLogIndex());
    }

    /**
     * Completes once this peer has delivered the events of commands up to {@code commandIndex}, with
     * the first failure a local listener raised for this peer's own commands at that index, or null.
     */
    public CompletableFuture<RuntimeException> awaitEvents(long commandIndex) {
        return stateMachine.events().awaitEvents(commandIndex);
    }

    /** Membership changes and status through this peer's Raft client. */
    public GroupAdmin admin() {
        return new GroupAdmin(client.current(), group.getGroupId());
    }

    /** This peer's id as Ratis knows it, for admin calls answered locally. */
    public RaftPeerId raftPeerId() {
        return server.getId();
    }

    /** The members of the configuration this peer applied last (the bootstrap list before it knows one). */
    public List<PeerAddress> members() {
        return membership.members();
    }

    /** Waits until this peer is ready (see {@link Readiness}). */
    public void awaitReady(Duration timeout) {
        readiness.await(timeout);
    }

    public boolean isReady() {
        return !closed && readiness.isReady();
    }

    /** The Raft configuration this peer's server holds now, or null before it runs. */
    private List<RaftPeer> currentConfiguration() {
        try {
            return List.copyOf(server.getDivision(group.getGroupId()).getRaftConf().getCurrentPeers());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public void close() {
        if (closed) {
            return;
        }
        if (isLeader()) {
            // no new entries of ours while handing over: the follower catches up with the last one and can take over
            committer.close();
            LeadershipHandOver.beforeClose(config, server, group.getGroupId());
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        committer.close();
        nearCaches.close();
        stateMachine.prepareClose();
        closeQuietly(client, failures);
        closeQuietly(() -> ServerCloser.close(server, config.localPeerId(), SERVER_CLOSE_GRACE), failures);
        closeQuietly(stateMachine, failures);
        scheduler.shutdownNow();
        sendThread.shutdownNow();
        sweeper.shutdownNow();
        eventThread.shutdown();
        try {
            eventThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(config.storeFactory(), failures);
        storage.close();
        if (!failures.isEmpty()) {
            LOG.warn("{}: closing failed: {}", config.localPeerId(), failures.get(0).toString());
        }
    }

    /** How long a Ratis server may take to close before its stuck log close is interrupted (it takes about a second). */
    private static final Duration SERVER_CLOSE_GRACE = Duration.ofSeconds(10);

    private static void closeQuietly(AutoCloseable closeable, List<Throwable> failures) {
        try {
            closeable.close();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoLeaderException("interrupted while waiting for a leader", e);
        }
    }
}
