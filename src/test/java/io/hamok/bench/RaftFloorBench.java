package io.hamok.bench;

import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.TimeDuration;

/**
 * Part C: the floor under every write, Ratis alone. Peers in this JVM with a state machine that does
 * nothing, the transport and log settings the grid uses (gRPC on loopback, log in shared memory,
 * unsafe flush, no appender wait), one 100-byte entry per call from 1 and 16 synchronous threads.
 * A write of ours is at least one such commit, so {@code threads / p50} bounds what synchronous
 * callers can reach, whatever happens around it.
 */
final class RaftFloorBench {
    private final BenchSettings settings;
    private final Table table = new Table("peers", "threads", "commits/s", "p50 us", "p99 us", "ceiling for 16 sync callers");

    RaftFloorBench(BenchSettings settings) {
        this.settings = settings;
    }

    void run() throws IOException {
        for (int peers : settings.peers()) {
            try (NoopGroup group = new NoopGroup(peers)) {
                double ceiling = 0;
                for (int threads : settings.threads()) {
                    Progress.say("part C: Ratis alone, %d peer(s), %d thread(s)", peers, threads);
                    byte[] payload = new byte[settings.valueBytes()];
                    LoadDriver.Result result = settings.driver().run(threads,
                            (thread, random) -> group.client.io().send(Message.valueOf(
                                    org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(payload))),
                            () -> {}, () -> {});
                    if (threads == 1) {
                        ceiling = 16 / (result.p50Micros() / 1e6);
                    }
                    table.add(peers, threads, Table.opsPerSecond(result.opsPerSecond()), Table.micros(result.p50Micros()),
                            Table.micros(result.p99Micros()), threads == 1 ? Table.opsPerSecond(ceiling) : "");
                }
            }
        }
    }

    String report() {
        return "## Part C: the Raft floor (Ratis alone, no-op state machine)\n\n" + table.render() + "\n"
                + "- ceiling: 16 / p50 at 1 thread, the most 16 synchronous callers can complete if each waits for one"
                + " commit (group commit shares a commit among callers that wait together; it cannot shorten the wait)\n";
    }

    /** Ratis peers on loopback with a state machine that only records what it applied. */
    private static final class NoopGroup implements AutoCloseable {
        private final List<RaftServer> servers = new ArrayList<>();
        private final List<Path> dirs = new ArrayList<>();
        private final RaftClient client;

        NoopGroup(int size) throws IOException {
            List<RaftPeer> peers = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                peers.add(RaftPeer.newBuilder().setId("floor" + i).setAddress("127.0.0.1:" + TestGrid.freePort()).build());
            }
            RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), peers);
            Path shm = Path.of("/dev/shm");
            for (RaftPeer peer : peers) {
                Path dir = Files.isWritable(shm) ? Files.createTempDirectory(shm, "hamok-floor-")
                        : Files.createTempDirectory("hamok-floor-");
                dirs.add(dir);
                RaftProperties properties = new RaftProperties();
                GrpcConfigKeys.Server.setHost(properties, "127.0.0.1");
                GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(peer.getAddress().split(":")[1]));
                RaftServerConfigKeys.setStorageDir(properties, List.of(dir.toFile()));
                RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(1, TimeUnit.SECONDS));
                RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(2, TimeUnit.SECONDS));
                RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, true);
                RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, TimeDuration.ZERO);
                RaftServer server = RaftServer.newBuilder().setServerId(peer.getId()).setGroup(group)
                        .setStateMachine(new NoopStateMachine()).setProperties(properties).build();
                server.start();
                servers.add(server);
            }
            client = RaftClient.newBuilder().setRaftGroup(group).setProperties(new RaftProperties()).build();
            client.io().send(Message.valueOf("first"));
        }

        @Override
        public void close() throws IOException {
            client.close();
            CompletableFuture.allOf(servers.stream().map(s -> CompletableFuture.runAsync(() -> {
                try {
                    s.close();
                } catch (IOException e) {
                    Progress.say("closing a Ratis peer: %s", e);
                }
            })).toArray(CompletableFuture[]::new)).join();
            for (Path dir : dirs) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static final class NoopStateMachine extends BaseStateMachine {
        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            updateLastAppliedTermIndex(trx.getLogEntry().getTerm(), trx.getLogEntry().getIndex());
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
    }
}
