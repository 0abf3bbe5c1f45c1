package io.hamok.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.testing.RedisServerFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Boot application as users ship it: its executable jar runs as a child JVM, Spring Boot hands the
 * provider a {@code jar:nested:} URI for the cache-manager file inside it, and the child is one peer of
 * a grid over a real Redis whose other peer is a plain JCache manager in this JVM.
 * {@code @Cacheable}/{@code @CacheEvict} in the child and JCache calls here see the same entries.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FatJarTest {
    private static final long ANSWER_SECONDS = 120;

    @Test
    void executableJar_childPeerAndInTestPeer_shareTheCache(@TempDir Path dir) throws Exception {
        Path jar = ExecutableJar.build(dir, "io.hamok.spring.boot.app.DemoApplication", "io/hamok/spring/boot/app",
                List.of("hamok-child.properties", "application.properties"));
        RedisServerFixture.flushAll();
        int childPort = freePort();
        int testPort = freePort();
        String peers = "c@127.0.0.1:" + childPort + ",t@127.0.0.1:" + testPort;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--demo.stdin=true", "--spring.main.banner-mode=off", "--logging.level.root=warn",
                "--spring.cache.type=jcache", "--spring.cache.jcache.config=classpath:hamok-child.properties",
                "--hamok.peers=" + peers, "--hamok.localPeerId=c", "--hamok.redis.url=" + RedisServerFixture.url()));
        Process child = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    transcript.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                transcript.add("reader: " + e);
            }
        }, "fat-jar-child-output");
        reader.setDaemon(true);
        reader.start();
        Properties settings = new Properties();
        settings.setProperty("hamok.peers", peers);
        settings.setProperty("hamok.localPeerId", "t");
        settings.setProperty("hamok.store", "redis");
        settings.setProperty("hamok.redis.url", RedisServerFixture.url());
        settings.setProperty("hamok.storageDir", "temporary");
        settings.setProperty("hamok.startTimeout", "120s");
        CacheManager manager = Caching.getCachingProvider(HamokCachingProvider.class.getName())
                .getCacheManager(URI.create("hamok:fat-jar-test/t"), getClass().getClassLoader(), settings);
        try (PrintWriter toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String ready = expect(lines, "ready ", transcript);
            assertTrue(ready.startsWith("ready jar:nested:") && ready.endsWith("!/hamok-child.properties"),
                    "Spring Boot hands the provider a jar:nested: URI: " + ready);

            // the child's first cache call starts its peer; each peer waits for the other to elect a leader
            toChild.println("greet ann");
            Cache<Object, Object> greetings = manager.createCache("greetings", new MutableConfiguration<>());
            assertEquals("greeted hello ann #1 from c", expect(lines, "greeted ", transcript));
            assertEquals("hello ann #1 from c", greetings.get("ann"), "the child's @Cacheable result, read here");

            greetings.put("bob", "preset here");
            toChild.println("greet bob");
            assertEquals("greeted preset here", expect(lines, "greeted ", transcript), "the child answers from the cache");

            toChild.println("forget ann");
            assertEquals("forgot ann", expect(lines, "forgot ", transcript));
            assertNull(greetings.get("ann"), "the child's @CacheEvict removed the entry for every peer");

            toChild.println("quit");
            expect(lines, "bye", transcript);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits after quit");
        } finally {
            manager.close();
            child.destroyForcibly();
        }
    }

    private static String expect(BlockingQueue<String> lines, String prefix, List<String> transcript) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line != null && line.startsWith("failed ")) {
                throw new AssertionError("the child failed: " + line + "\n" + String.join("\n", transcript));
            }
        }
        throw new AssertionError("no line '" + prefix + "...' from the child within " + ANSWER_SECONDS + " s:\n"
                + String.join("\n", transcript));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
