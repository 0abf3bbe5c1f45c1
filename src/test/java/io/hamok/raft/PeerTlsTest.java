package io.hamok.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Peers talk gRPC over mutual TLS; a peer without the grid's certificates cannot take part. */
class PeerTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void mutualTls_peersReplicate_andAPlainPeerIsShutOut(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("peer.p12");
        keytool("-genkeypair", "-alias", "peer", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        PeerTls tls = PeerTls.fromKeyStores(keyStore, PASSWORD, keyStore, PASSWORD, true);
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(new PeerAddress("t" + i, "127.0.0.1", TestGrid.freePort()));
        }
        String store = "tls-" + System.nanoTime();
        List<Grid> grids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                grids.add(Grid.start(GridConfig.builder().peers(peers).localPeerId("t" + i)
                        .tls(i < 2 ? tls : null)
                        .storeFactory(MemoryStoreFactory.named(store)).temporaryStorage(true).build()));
            }
            grids.get(0).awaitLeader(Duration.ofSeconds(30));
            HamokRemoteMap<String, String> a = HamokRemoteMap.create(grids.get(0), HamokRemoteMapConfig.<String, String>builder("m").build());
            HamokRemoteMap<String, String> b = HamokRemoteMap.create(grids.get(1), HamokRemoteMapConfig.<String, String>builder("m").build());
            a.set("k", "over tls").join();
            assertEquals("over tls", b.get("k").join());
            b.set("k", "both ways").join();
            assertEquals("both ways", a.get("k").join());

            HamokRemoteMap<String, String> plain = HamokRemoteMap.create(grids.get(2), HamokRemoteMapConfig.<String, String>builder("m")
                    .requestTimeout(Duration.ofSeconds(3)).build());
            assertThrows(CompletionException.class, () -> plain.set("k", "no tls").join());
            assertEquals("both ways", a.get("k").join());
        } finally {
            grids.parallelStream().forEach(Grid::close);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
