package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.testing.TestCertificates;
import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that would look like they work are refused at {@code getCacheManager}: peers off loopback
 * without TLS, and several peers over the in-memory store, which lives inside one process.
 */
class SafeGridSettingsTest {
    /** TEST-NET-1 (RFC 5737): never routed, never loopback. */
    private static final String REMOTE = "192.0.2.10";

    private final CachingProvider provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());

    @TempDir
    Path dir;

    @Test
    void getCacheManager_peerOffLoopbackWithoutTls_refusedNamingTlsAndTheOptOut() throws IOException {
        int port = TestGrid.freePort();
        Properties settings = redisGrid("a@127.0.0.1:" + port + ",b@" + REMOTE + ":7000,c@" + REMOTE + ":7001");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("no-tls", settings));

        assertTrue(e.getMessage().startsWith("hamok.peers : [b@" + REMOTE + ":7000, c@" + REMOTE + ":7001] not on loopback"),
                e.getMessage());
        assertTrue(e.getMessage().contains("hamok.tls.keyStore"), e.getMessage());
        assertTrue(e.getMessage().contains("hamok.tls.insecure=true"), e.getMessage());
        try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(free.isBound(), "nothing listens on the peer's port");
        }
    }

    @Test
    void getCacheManager_peerOffLoopbackWithExplicitOptOut_accepted() throws IOException {
        Properties settings = redisGrid("a@127.0.0.1:7000,b@" + REMOTE + ":7000");
        settings.setProperty("hamok.tls.insecure", "true");
        CacheManager manager = open("opt-out", settings);
        try {
            assertTrue(manager.unwrap(HamokCacheManager.class).settings().tlsInsecure());
        } finally {
            manager.close();
        }
    }

    @Test
    void getCacheManager_peerOffLoopbackWithTls_accepted() throws IOException {
        Properties settings = redisGrid("a@127.0.0.1:7000,b@" + REMOTE + ":7000");
        settings.setProperty("hamok.tls.keyStore", TestCertificates.keyStore(dir.resolve("peer.p12"), "a").toString());
        settings.setProperty("hamok.tls.keyStorePassword", TestCertificates.PASSWORD);
        CacheManager manager = open("with-tls", settings);
        try {
            assertTrue(manager.unwrap(HamokCacheManager.class).settings().tls().mutual(), "mutual TLS by default");
        } finally {
            manager.close();
        }

        settings.setProperty("hamok.tls.insecure", "true");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("tls-and-opt-out", settings));
        assertTrue(e.getMessage().startsWith("hamok.tls.insecure : 'true'") && e.getMessage().contains("hamok.tls.keyStore"),
                e.getMessage());
    }

    @Test
    void getCacheManager_severalPeersOverThePrivateMemoryStore_refusedNamingHamokStoreAndTheFix() throws IOException {
        Properties settings = new Properties();
        settings.setProperty("hamok.peers", "a@127.0.0.1:7000,b@127.0.0.1:7001,c@127.0.0.1:7002");
        settings.setProperty("hamok.localPeerId", "a");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("memory", settings));

        assertTrue(e.getMessage().startsWith("hamok.store : 'memory' with 3 peers"), e.getMessage());
        assertTrue(e.getMessage().contains("hamok.store=redis") && e.getMessage().contains("remoteMap"), e.getMessage());
        assertTrue(e.getMessage().contains("hamok.memory.name"), e.getMessage());
    }

    @Test
    void getCacheManager_namedMemoryStoreWithAPeerOffLoopback_refused() throws IOException {
        Properties settings = new Properties();
        settings.setProperty("hamok.peers", "a@127.0.0.1:7000,b@" + REMOTE + ":7001");
        settings.setProperty("hamok.localPeerId", "a");
        settings.setProperty("hamok.memory.name", "shared");
        settings.setProperty("hamok.tls.insecure", "true");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("memory-remote", settings));

        assertTrue(e.getMessage().startsWith("hamok.store : 'memory' (hamok.memory.name 'shared') with peers [b@"
                + REMOTE + ":7001] off loopback"), e.getMessage());
        assertTrue(e.getMessage().contains("hamok.store=redis"), e.getMessage());
    }

    @Test
    void getCacheManager_memoryStoreForOnePeerOrNamedOnLoopback_accepted() throws IOException {
        Properties one = new Properties();
        one.setProperty("hamok.peers", "solo@127.0.0.1:7000");
        Properties named = new Properties();
        named.setProperty("hamok.peers", "a@127.0.0.1:7000,b@localhost:7001,c@127.0.0.1:7002");
        named.setProperty("hamok.localPeerId", "b");
        named.setProperty("hamok.memory.name", "one-jvm");
        for (Properties settings : new Properties[] {one, named}) {
            CacheManager manager = open("memory-ok-" + settings.size(), settings);
            try {
                assertEquals("memory", manager.unwrap(HamokCacheManager.class).settings().store());
            } finally {
                manager.close();
            }
        }
    }

    private static Properties redisGrid(String peers) {
        Properties settings = new Properties();
        settings.setProperty("hamok.peers", peers);
        settings.setProperty("hamok.localPeerId", "a");
        settings.setProperty("hamok.store", "redis");
        settings.setProperty("hamok.redis.url", "redis://127.0.0.1:6379");
        return settings;
    }

    private CacheManager open(String name, Properties settings) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Files.writeString(file, "# settings come from the Properties argument\n");
        URI uri = file.toUri();
        return provider.getCacheManager(uri, provider.getDefaultClassLoader(), settings);
    }
}
