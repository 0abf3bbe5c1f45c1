package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.codec.KryoCodec;
import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.raft.PeerTls;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.Effect;
import io.hamok.raft.command.EffectKind;
import io.hamok.raft.command.MapClear;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.raft.command.RequestId;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestCertificates;
import io.hamok.testing.TestGrid;
import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may talk to a peer: against a grid of three peers on mutual TLS, an outside Ratis client with a
 * random client id tries a write (appended, or handed to the leader as followers do), a clear, a forged
 * effects entry, a membership change and a group removal: in plain text, over TLS without a
 * certificate, and with a certificate the grid does not trust. Each is refused; the grid keeps working.
 * The same write from a client holding the grid's certificate goes through, so the refused requests
 * were well formed: TLS is what stops them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutsideClientTest {
    private static final KryoCodec<String> STRINGS = KryoCodec.withDefaults();

    private PeerTls gridTls;
    private PeerTls strangerTls;
    private final List<PeerAddress> peers = new ArrayList<>();
    private final List<Grid> grids = new ArrayList<>();
    private RaftGroup group;
    private HamokRemoteMap<String, String> map;

    @BeforeAll
    void startGrid(@TempDir Path dir) {
        char[] password = TestCertificates.PASSWORD.toCharArray();
        Path gridStore = TestCertificates.keyStore(dir.resolve("grid.p12"), "grid");
        Path strangerStore = TestCertificates.keyStore(dir.resolve("stranger.p12"), "stranger");
        gridTls = PeerTls.fromKeyStores(gridStore, password, gridStore, password, true);
        strangerTls = PeerTls.fromKeyStores(strangerStore, password, gridStore, password, true);
        for (int i = 0; i < 3; i++) {
            peers.add(new PeerAddress("o" + i, "127.0.0.1", TestGrid.freePort()));
        }
        String groupId = "outside-" + System.nanoTime();
        String store = "outside-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            grids.add(Grid.start(GridConfig.builder().groupId(groupId).peers(peers).localPeerId("o" + i).tls(gridTls)
                    .electionTimeout(Duration.ofMillis(300), Duration.ofMillis(600))
                    .storeFactory(MemoryStoreFactory.named(store)).temporaryStorage(true).build()));
        }
        grids.get(0).awaitLeader(Duration.ofSeconds(30));
        group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.nameUUIDFromBytes(groupId.getBytes(StandardCharsets.UTF_8))),
                peers.stream().map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build()).toList());
        map = HamokRemoteMap.create(grids.get(1), HamokRemoteMapConfig.<String, String>builder("m")
                .keyCodec(STRINGS).valueCodec(STRINGS).build());
        map.set("k", "before").join();
    }

    @AfterAll
    void stopGrid() {
        grids.parallelStream().forEach(Grid::close);
    }

    @Test
    void plainTextClient_everyAttemptRefused_gridKeepsWorking() {
        // gRPC words it "Network closed for unknown reason" or otherwise, depending on when the TLS server hangs up
        attack(new Parameters(), "UNAVAILABLE");
    }

    @Test
    void tlsClientWithoutCertificate_everyAttemptRefused_gridKeepsWorking() {
        Parameters parameters = new Parameters();
        GrpcTlsConfig noCertificate = new GrpcTlsConfig(null, gridTls.trustManager(), true);
        GrpcConfigKeys.Client.setTlsConf(parameters, noCertificate);
        GrpcConfigKeys.Admin.setTlsConf(parameters, noCertificate);
        attack(parameters, "ssl exception");
    }

    @Test
    void clientWithUntrustedCertificate_everyAttemptRefused_gridKeepsWorking() {
        attack(RaftSettings.tls(strangerTls), "ssl exception");
    }

    @Test
    void clientWithTheGridsCertificate_sameWriteGoesThrough() throws IOException {
        try (RaftClient insider = client(RaftSettings.tls(gridTls))) {
            RaftClientReply reply = insider.io().send(write("insider", "in"));
            assertTrue(reply.isSuccess(), String.valueOf(reply.getException()));
        }
        assertEquals("in", map.get("insider").join());
    }

    private void attack(Parameters parameters, String refusal) {
        try (RaftClient stranger = client(parameters)) {
            refused(refusal, () -> stranger.io().send(write("forged", "x")));
            // the path followers use to hand their batches to the leader
            refused(refusal, () -> stranger.io().sendReadOnly(write("forged", "x")));
            refused(refusal, () -> stranger.io().send(commands(new MapClear("m", false))));
            refused(refusal, () -> stranger.io().send(forgedEffects()));
            refused(refusal, () -> stranger.admin().setConfiguration(
                    List.of(RaftPeer.newBuilder().setId("intruder").setAddress("127.0.0.1:1").build())));
            for (PeerAddress peer : peers) {
                refused(refusal, () -> stranger.getGroupManagementApi(RaftPeerId.valueOf(peer.id()))
                        .remove(group.getGroupId(), true, false));
            }
        } catch (IOException e) {
            throw new AssertionError("closing the client", e);
        }
        assertNull(map.get("forged").join(), "the forged write did not happen");
        assertEquals("before", map.get("k").join(), "the map was not cleared");
        for (Grid grid : grids) {
            HamokRemoteMap<String, String> onPeer = HamokRemoteMap.create(grid, HamokRemoteMapConfig.<String, String>builder("m")
                    .keyCodec(STRINGS).valueCodec(STRINGS).build());
            onPeer.set("after-" + grid.localPeerId(), "works").join();
            assertEquals("works", map.get("after-" + grid.localPeerId()).join(), "peer " + grid.localPeerId() + " still writes");
        }
    }

    /** The call fails in the transport: gRPC refuses the connection before Ratis sees the request. */
    private static void refused(String refusal, Executable call) {
        IOException e = assertThrows(IOException.class, call);
        StatusRuntimeException status = assertInstanceOf(StatusRuntimeException.class, e.getCause(), e.toString());
        assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode(), status.toString());
        assertTrue(status.getMessage().contains(refusal), status.getMessage());
    }

    private RaftClient client(Parameters parameters) {
        RaftProperties properties = new RaftProperties();
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(10, TimeUnit.SECONDS));
        return RaftClient.newBuilder().setProperties(properties).setParameters(parameters).setRaftGroup(group)
                .setClientId(ClientId.randomId()).setRetryPolicy(RetryPolicies.noRetry()).build();
    }

    private static Message write(String key, String value) {
        RawWrite put = new RawWrite(STRINGS.encode(key), WriteKind.PUT, STRINGS.encode(value), Condition.ALWAYS, 0,
                Ttl.ETERNAL, Ttl.UNCHANGED);
        return commands(new MapWrite("m", new RawWrite[] {put}, false, false));
    }

    private static Message commands(Command command) {
        return Message.valueOf(Wire.encode(new CommandBatch(new Command[] {command},
                new RequestId[] {new RequestId(ThreadLocalRandom.current().nextLong(), 1)}, new String[] {"o0"})));
    }

    /** An effects entry claiming the highest store index: accepted, it would mute the map's events for good. */
    private static Message forgedEffects() {
        Effect insert = new Effect(EffectKind.INSERT, STRINGS.encode("ghost"), null, STRINGS.encode("boo"));
        MapEffects effects = new MapEffects("m", "o0", 1, new Effect[] {insert});
        return Message.valueOf(Wire.encode(new EffectsBatch(new MapEffectsBatch[] {
                new MapEffectsBatch("m", Long.MAX_VALUE, new MapEffects[] {effects})})));
    }
}
