package io.hamok.raft.internal;

import io.hamok.exceptions.HamokException;
import io.hamok.exceptions.NoLeaderException;
import io.hamok.raft.EffectsSink;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.Genesis;
import io.hamok.raft.command.Listen;
import io.hamok.raft.command.Noop;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.TypedRemoteMapAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The machinery behind {@link io.hamok.raft.Grid}: Ratis server and client, threads, stores. */
public final class GridPeer {
    private static final Logger LOG = LoggerFactory.getLogger(GridPeer.class);

    private final GridConfig config;
    private final RaftGroup group;
    private final Path storageDir;
    private final boolean deleteStorage;
    /** Deletes a temporary log when the JVM exits without closing this peer (it may live in memory). */
    private final Thread deleteStorageOnExit;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService sweeper;
    private final ExecutorService eventThread;
    private final BatchStats stats = new BatchStats();
    private final Map<String, FencedRemoteMap> userStores = new ConcurrentHashMap<>();
    private final Map<String, FencedRemoteMap> builtInStores = new ConcurrentHashMap<>();
    private final Map<String, Integer> listenCounts = new java.util.HashMap<>();
    private final HamokStateMachine stateMachine;
    private final RaftServer server;
    private final RaftClient client;
    /** A second client for effects entries: the ordered client would hold a command's reply behind them. */
    private final RaftClient effectsClient;
    private final GroupCommitter committer;
    private volatile boolean closed;

    private GridPeer(GridConfig config) throws IOException {
        this.config = config;
        this.group = RaftGroup.valueOf(
                RaftGroupId.valueOf(UUID.nameUUIDFromBytes(config.groupId().getBytes(StandardCharsets.UTF_8))),
                config.peers().stream().map(GridPeer::toRaftPeer).toList());
        this.deleteStorage = config.storageDir() == null;
        this.storageDir = deleteStorage ? Files.createTempDirectory(temporaryLogRoot(), "hamok-" + config.localPeerId() + "-")
                : Files.createDirectories(config.storageDir());
        String id = config.localPeerId();
        Path temporaryLog = storageDir;
        this.deleteStorageOnExit = new Thread(() -> deleteRecursively(temporaryLog), "hamok-delete-log-" + id);
        if (deleteStorage) {
            Runtime.getRuntime().addShutdownHook(deleteStorageOnExit);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("hamok-leader-" + id));
        this.eventThread = Executors.newSingleThreadExecutor(daemon("hamok-events-" + id));
        ListenerRegistry listeners = new ListenerRegistry();
        FollowerWindow window = new FollowerWindow(config.resultWait(), 200_000);
        LeaderExecutor executor = new LeaderExecutor(id, this::resolveStore, listeners, this::publishEffects,
                this::isLeader, System::currentTimeMillis, scheduler, stats, this::appliedLogIndex, this::publishedThrough);
        this.stateMachine = new HamokStateMachine(id, listeners, executor, window, eventThread, this::userStoreExecutedElsewhere,
                this::proposeGenesis, config.resultWait().plusSeconds(5), config.snapshotEveryEntries());
        RaftProperties properties = raftProperties(config, storageDir);
        Parameters parameters = tlsParameters(config.tls());
        this.server = RaftServer.newBuilder()
                .setParameters(parameters)
                .setServerId(RaftPeerId.valueOf(id))
                .setGroup(group)
                .setProperties(properties)
                .setStateMachine(stateMachine)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        this.client = newClient(properties, parameters, group);
        this.effectsClient = newClient(properties, parameters, group);
        this.committer = new GroupCommitter(id, message -> client.async().send(message),
                config.maxInFlightEntries(), config.maxEntryBytes(), stats);
        scheduler.scheduleWithFixedDelay(window::expire, 1, 1, TimeUnit.SECONDS);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("hamok-sweeper-" + id));
        long sweepMillis = config.expirySweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(new ExpirySweeper(() -> builtInStores, this::submit, this::isLeader,
                System::currentTimeMillis, 2_000, store -> executor.publishUnpublished(store)),
                sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(this::snapshotIfDue, 1, 1, TimeUnit.SECONDS);
    }

    private void snapshotIfDue() {
        try {
            stateMachine.snapshotIfDue();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot write a snapshot of the grid state (the log keeps growing until one is written): {}",
                    config.localPeerId(), e.toString());
        }
    }

    /** Starts a peer. */
    public static GridPeer start(GridConfig config) {
        GridPeer peer;
        try {
            peer = new GridPeer(config);
        } catch (IOException | RuntimeException e) {
            throw new HamokException("cannot create grid peer " + config.localPeer() + ": " + e.getMessage(), e);
        }
        try {
            peer.server.start();
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw new HamokException("cannot start grid peer " + config.localPeer() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where a temporary log goes: shared memory when the OS has it ({@code /dev/shm}) with at least 1 GiB
     * free, since such a log is deleted on close and never read by another process; writes there cost no
     * disk I/O, which on a busy disk cut 3-peer commit throughput by a third to a half. A log takes up to
     * a few 32 MiB segments between purges, so a small {@code /dev/shm} (64 MiB in a default Docker
     * container) is left alone. Else the JVM's temporary directory.
     */
    private static Path temporaryLogRoot() {
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() >= 1L << 30) {
                return shm;
            }
        } catch (IOException e) {
            LOG.debug("cannot inspect {}: {}", shm, e.toString());
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static RaftProperties raftProperties(GridConfig config, Path storageDir) {
        RaftProperties properties = new RaftProperties();
        PeerAddress local = config.localPeer();
        GrpcConfigKeys.Server.setHost(properties, local.host());
        GrpcConfigKeys.Server.setPort(properties, local.port());
        int entryLimit = Math.max(config.maxEntryBytes(), 1 << 20);
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(2L * entryLimit + (1 << 20)));
        RaftServerConfigKeys.setStorageDir(properties, List.of(storageDir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(config.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(config.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, millis(config.electionTimeoutMax().multipliedBy(2)));
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(Math.max(32L << 20, 4L * entryLimit)));
        long appenderLimit = entryLimit + (1L << 20);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf(appenderLimit));
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf(appenderLimit + (64 << 10)));
        if (!config.logFsync()) {
            RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, true);
        }
        // Send each entry to the followers at once (the default waits up to 1 ms after the last send).
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, TimeDuration.ZERO);
        // Retry an unreachable follower every second (Ratis' default backs off to 5 s), so that a peer
        // that comes back is caught up within about a second.
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(properties, "1ms,10, 1s,1000000");
        RaftServerConfigKeys.Log.setPurgeGap(properties, config.snapshotEveryEntries());
        RaftServerConfigKeys.Write.setByteLimit(properties, SizeInBytes.valueOf(Math.max(64L << 20, 8L * entryLimit)));
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(properties,
                millis(config.electionTimeoutMax().multipliedBy(2)));
        return properties;
    }

    private static RaftClient newClient(RaftProperties properties, Parameters parameters, RaftGroup group) {
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setParameters(parameters)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(150,
                        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .build();
    }

    /** Ratis parameters carrying the peers' TLS, for the server, its admin service and the clients. */
    private static Parameters tlsParameters(io.hamok.raft.PeerTls tls) {
        Parameters parameters = new Parameters();
        if (tls != null) {
            GrpcTlsConfig grpcTls = new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), tls.mutual());
            GrpcConfigKeys.Server.setTlsConf(parameters, grpcTls);
            GrpcConfigKeys.Admin.setTlsConf(parameters, grpcTls);
            GrpcConfigKeys.Client.setTlsConf(parameters, grpcTls);
        }
        return parameters;
    }

    private static TimeDuration millis(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
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

    public Path storageDir() {
        return storageDir;
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
        throw new NoLeaderException("no leader elected among " + config.peers() + " within " + timeout, null);
    }

    public CompletableFuture<CommandResult> submit(Command command) {
        return committer.submit(command);
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

    /** Proposes the log's incarnation until one is applied, while this peer leads. */
    private void proposeGenesis() {
        submit(new Genesis(HamokStateMachine.genesisEpochNow())).thenAccept(result -> {
            if (result instanceof CommandResult.Failed && !closed && isLeader()) {
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
        stateMachine.registerSink(mapId, sink);
    }

    public void unregisterEffectsSink(String mapId, EffectsSink sink) {
        stateMachine.unregisterSink(mapId, sink);
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
        return effectsClient.async().send(Message.valueOf(Wire.encode(batch))).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new java.util.concurrent.CompletionException(reply.getException());
            }
            return reply.getLogIndex();
        });
    }

    /**
     * Completes once this peer has delivered the events of commands up to {@code commandIndex}, with
     * the first failure a local listener raised for this peer's own commands at that index, or null.
     */
    public CompletableFuture<RuntimeException> awaitEvents(long commandIndex) {
        return stateMachine.awaitEvents(commandIndex);
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        committer.close();
        stateMachine.prepareClose();
        closeQuietly(client, failures);
        closeQuietly(effectsClient, failures);
        closeQuietly(server, failures);
        closeQuietly(stateMachine, failures);
        scheduler.shutdownNow();
        sweeper.shutdownNow();
        eventThread.shutdown();
        try {
            eventThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(config.storeFactory(), failures);
        if (deleteStorage) {
            deleteRecursively(storageDir);
            try {
                Runtime.getRuntime().removeShutdownHook(deleteStorageOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; the directory is gone already
            }
        }
        if (!failures.isEmpty()) {
            LOG.warn("{}: closing failed: {}", config.localPeerId(), failures.get(0).toString());
        }
    }

    private static void closeQuietly(AutoCloseable closeable, List<Throwable> failures) {
        try {
            closeable.close();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
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
