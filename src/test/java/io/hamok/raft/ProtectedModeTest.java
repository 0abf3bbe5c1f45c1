package io.hamok.raft;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.internal.ProtectedMode;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A grid with a peer off loopback talks TLS, or opts out explicitly; else it is refused before anything starts. */
class ProtectedModeTest {
    /** TEST-NET-1 (RFC 5737): never routed, never a loopback address. */
    private static final String REMOTE_HOST = "192.0.2.10";

    @Test
    void start_peerOffLoopbackWithoutTls_isRefusedWithNothingBoundOrWritten(@TempDir Path dir) throws IOException {
        int port = TestGrid.freePort();
        Path storage = dir.resolve("a");
        List<PeerAddress> peers = List.of(new PeerAddress("a", "127.0.0.1", port), new PeerAddress("b", REMOTE_HOST, 7000),
                new PeerAddress("c", "127.0.0.1", TestGrid.freePort()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.start(GridConfig.builder()
                .peers(peers).localPeerId("a").storageDir(storage).storeFactory(MemoryStoreFactory.create()).build()));

        assertTrue(e.getMessage().startsWith("peers : [b@" + REMOTE_HOST + ":7000] not on loopback"), e.getMessage());
        assertFalse(e.getMessage().contains("c@"), "loopback peers are not named: " + e.getMessage());
        assertTrue(e.getMessage().contains("tls(") && e.getMessage().contains("insecure(true)"), e.getMessage());
        try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(free.isBound(), "the peer's port stays free");
        }
        assertFalse(Files.exists(storage), "no storage directory is created");
    }

    @Test
    void build_peerOffLoopbackWithExplicitOptOut_isAccepted() {
        GridConfig config = GridConfig.builder()
                .peers(List.of(new PeerAddress("a", "127.0.0.1", 7001), new PeerAddress("b", REMOTE_HOST, 7002)))
                .localPeerId("a").storeFactory(MemoryStoreFactory.create()).insecure(true).build();
        assertTrue(config.insecure());
    }

    @Test
    void build_allPeersOnLoopback_needsNoTls() {
        GridConfig config = GridConfig.builder()
                .peers(List.of(new PeerAddress("a", "127.0.0.1", 7001), new PeerAddress("b", "localhost", 7002),
                        new PeerAddress("c", "::1", 7003)))
                .localPeerId("a").storeFactory(MemoryStoreFactory.create()).build();
        assertFalse(config.insecure());
    }

    @Test
    void isLoopback_namesAndAddresses() {
        assertTrue(ProtectedMode.isLoopback("127.0.0.1"));
        assertTrue(ProtectedMode.isLoopback("127.1.2.3"));
        assertTrue(ProtectedMode.isLoopback("::1"));
        assertTrue(ProtectedMode.isLoopback("localhost"));
        assertFalse(ProtectedMode.isLoopback(REMOTE_HOST));
        assertFalse(ProtectedMode.isLoopback("0.0.0.0"), "the wildcard address reaches every interface");
        assertFalse(ProtectedMode.isLoopback(""));
        assertFalse(ProtectedMode.isLoopback("no-such-host.invalid"), "an unknown host counts as remote");
    }
}
