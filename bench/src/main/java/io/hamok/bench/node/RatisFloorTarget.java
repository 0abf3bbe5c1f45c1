package io.hamok.bench.node;

import io.hamok.bench.LoadDriver;
import java.io.IOException;
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
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
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
 * put would carry), and what queues while an entry is in flight leaves as the next entry.
 */
final class RatisFloorTarget implements Target {
    private final RaftServer server;
    private final RaftClient client;
    private final RaftPeerId localId;
    private final PackingCommitter committer;
    private final io.hamok.bench.Dataset data;

    private RatisFloorTarget(RaftServer server, RaftClient client, RaftPeerId localId, io.hamok.bench.Dataset data) {
        this.server = server;
        this.client = client;
        this.localId = localId;
        this.data = data;
        this.committer = new PackingCommitter(message -> client.async().send(message), 1);
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
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, TimeDuration.ZERO);
        RaftPeerId localId = peers.get(settings.index()).getId();
        RaftServer server = RaftServer.newBuilder().setServerId(localId).setGroup(group)
                .setStateMachine(new NoopStateMachine()).setProperties(properties).build();
        server.start();
        RaftProperties clientProperties = new RaftProperties();
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(clientProperties, TimeDuration.valueOf(4, TimeUnit.SECONDS));
        RaftClient client = RaftClient.newBuilder().setRaftGroup(group).setProperties(clientProperties).build();
        RatisFloorTarget target = new RatisFloorTarget(server, client, localId, settings.dataset());
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
            committer.submit(command).get(30, TimeUnit.SECONDS);
        };
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
        return stats;
    }

    @Override
    public void resetStats() {
        committer.resetStats();
    }

    @Override
    public void close() throws IOException {
        committer.close();
        client.close();
        server.close();
    }

    /** Applies nothing; only records how far it got. */
    private static final class NoopStateMachine extends BaseStateMachine {
        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            updateLastAppliedTermIndex(TermIndex.valueOf(trx.getLogEntry()));
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
    }
}
