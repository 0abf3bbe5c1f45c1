package io.hamok.bench.node;

import io.hamok.bench.LoadDriver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.TimeDuration;

/**
 * The floor: a bare Ratis 3.2 server per process with a state machine that does nothing, configured
 * like hamok's grid peer (gRPC on loopback, 1-2 s election timeout, unsafe flush, no appender wait,
 * log in the node's directory) and a Ratis client per process. Commands are packed the way hamok packs
 * them ({@link PackingCommitter}): each caller submits one small command (a key and a value, as a
 * put would carry). On the leader, what queues while an entry is in flight leaves as the next entry,
 * appended through the leader's own server (no client hop). A follower forwards what queues to the
 * leader as one read-only request (at most four in flight), and the leader's state machine adds those
 * commands to its own queue, so that every process's commands share the leader's entries.
 */
final class RatisFloorTarget implements Target {
    private final RaftServer server;
    private final RaftClient client;
    private final RaftPeerId localId;
    private final RaftGroup group;
    private final PackingCommitter committer;
    private final PackingCommitter forwarder;
    private final ClientId localClientId = ClientId.randomId();
    private final AtomicLong localCallId = new AtomicLong();
    private final io.hamok.bench.Dataset data;
    private volatile RaftServer.Division division;

    private RatisFloorTarget(RaftServer server, RaftClient client, RaftPeerId localId, RaftGroup group,
                             io.hamok.bench.Dataset data) {
        this.server = server;
        this.client = client;
        this.localId = localId;
        this.group = group;
        this.data = data;
        this.committer = new PackingCommitter(this::submitLocally, 1);
        this.forwarder = new PackingCommitter(message -> client.async().sendReadOnly(message), 4);
    }

    static RatisFloorTarget start(NodeSettings settings) throws Exception {
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < settings.ports().size(); i++) {
            peers.add(RaftPeer.newBuilder().setId("f" + i).setAddress("127.0.0.1:" + settings.ports().get(i)).build());
        }
        RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.nameUUIDFromBytes(settings.runId().getBytes())), peers);
        Path dir = Files.createDirectories(settings.dir().resolve("raft"));
        RaftProperties properties = new RaftProperties();
        GrpcConfigKeys.Server.setHost(properties, "127.0.0.1");
        GrpcConfigKeys.Server.setPort(properties, settings.localPort());
        RaftServerConfigKeys.setStorageDir(properties, List.of(dir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(1, TimeUnit.SECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(4, TimeUnit.SECONDS));
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, true);
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, TimeDuration.valueOf(Integer.getInteger("floor.appenderWaitMs", 0), TimeUnit.MILLISECONDS));
        RaftPeerId localId = peers.get(settings.index()).getId();
        NoopStateMachine stateMachine = new NoopStateMachine();
        RaftServer server = RaftServer.newBuilder().setServerId(localId).setGroup(group)
                .setStateMachine(stateMachine).setProperties(properties).build();
        server.start();
        RaftProperties clientProperties = new RaftProperties();
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(clientProperties, TimeDuration.valueOf(4, TimeUnit.SECONDS));
        RaftClient client = RaftClient.newBuilder().setRaftGroup(group).setProperties(clientProperties).build();
        RatisFloorTarget target = new RatisFloorTarget(server, client, localId, group, settings.dataset());
        stateMachine.forwards = target::acceptForwarded;
        // the first write waits for a leader
        client.io().send(Message.valueOf("hello from " + localId));
        return target;
    }

    @Override
    public LoadDriver.Op op(String name) {
        if (!"put".equals(name)) {
            return null;
        }
        return r -> {
            byte[] key = data.randomKey(r).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] value = data.randomValue(r);
            byte[] command = new byte[key.length + value.length];
            System.arraycopy(key, 0, command, 0, key.length);
            System.arraycopy(value, 0, command, key.length, value.length);
            (leading() ? committer : forwarder).submit(command).get(30, TimeUnit.SECONDS);
        };
    }

    private boolean leading() {
        try {
            if (division == null) {
                division = server.getDivision(group.getGroupId());
            }
            return division.getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

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

    /** On the leader: a follower's forwarded commands join the leader's queue; answered when all commit. */
    private CompletableFuture<Message> acceptForwarded(Message forward) {
        if (!leading()) {
            return CompletableFuture.failedFuture(new IllegalStateException(localId + " is not the leader"));
        }
        ByteBuffer commands = forward.getContent().asReadOnlyByteBuffer();
        List<CompletableFuture<Void>> committed = new ArrayList<>();
        while (commands.remaining() >= 4) {
            byte[] command = new byte[commands.getInt()];
            commands.get(command);
            committed.add(committer.submit(command));
        }
        return CompletableFuture.allOf(committed.toArray(CompletableFuture[]::new)).thenApply(done -> Message.EMPTY);
    }

    @Override
    public void preload() {}

    @Override
    public Map<String, String> stats() {
        Map<String, String> stats = new LinkedHashMap<>();
        boolean leader;
        try {
            leader = server.getDivision(server.getGroupIds().iterator().next()).getInfo().isLeader();
        } catch (IOException e) {
            leader = false;
        }
        stats.put("leader", Boolean.toString(leader));
        stats.put("entries", Long.toString(committer.entries()));
        stats.put("commands", Long.toString(committer.commands()));
        stats.put("cmdsPerEntry", String.format(Locale.ROOT, "%.2f", committer.commandsPerEntry()));
        stats.put("cmdsPerForward", String.format(Locale.ROOT, "%.2f", forwarder.commandsPerEntry()));
        return stats;
    }

    @Override
    public void resetStats() {
        committer.resetStats();
        forwarder.resetStats();
    }

    @Override
    public void close() throws IOException {
        committer.close();
        forwarder.close();
        client.close();
        server.close();
    }

    /** Applies nothing; only records how far it got. Answers forwarded commands once they commit. */
    private static final class NoopStateMachine extends BaseStateMachine {
        private volatile Function<Message, CompletableFuture<Message>> forwards;

        @Override
        public CompletableFuture<Message> query(Message request) {
            return forwards.apply(request);
        }

        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            updateLastAppliedTermIndex(TermIndex.valueOf(trx.getLogEntry()));
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
    }
}
