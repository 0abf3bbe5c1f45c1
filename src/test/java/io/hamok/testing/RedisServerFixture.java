package io.hamok.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Redis server for the whole test JVM. Uses {@code REDIS_URL} when set; otherwise starts a real
 * {@code redis-server} on a free loopback port: the one on {@code PATH}, else the linux-amd64 binary
 * shipped in the test-scope {@code embedded-redis} jar. The server is stopped by a shutdown hook.
 */
public final class RedisServerFixture {
    private static final String EMBEDDED_BINARY = "redis-server-6.2.6-v5-linux-amd64";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static volatile RedisServerFixture instance;

    private final String url;
    private final String host;
    private final int port;

    private RedisServerFixture(String url, String host, int port) {
        this.url = url;
        this.host = host;
        this.port = port;
    }

    /** The Redis URL, starting the server on first use. */
    public static String url() {
        return get().url;
    }

    /** Removes every key of every database (FLUSHALL). */
    public static void flushAll() {
        String reply = send("FLUSHALL");
        if (!reply.startsWith("+OK")) {
            throw new IllegalStateException("FLUSHALL on " + url() + " answered " + reply);
        }
    }

    /**
     * Sends one command on a plain connection (no TLS, no AUTH) and returns the first line of the
     * reply, e.g. {@code +OK} or {@code -ERR ...}.
     */
    public static String send(String... args) {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return get().command(command.toString());
    }

    private static RedisServerFixture get() {
        RedisServerFixture current = instance;
        if (current == null) {
            synchronized (RedisServerFixture.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static RedisServerFixture start() {
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) {
            java.net.URI uri = java.net.URI.create(env);
            return new RedisServerFixture(env, uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        }
        try {
            Path binary = findOnPath();
            Path tempDir = Files.createTempDirectory("hamok-redis");
            if (binary == null) {
                binary = extractEmbedded(tempDir);
            }
            int port = freePort();
            Process process = new ProcessBuilder(List.of(binary.toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no",
                    "--dir", tempDir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(tempDir.resolve("redis.log").toFile())
                    .start();
            Path dir = tempDir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, dir), "redis-fixture-stop"));
            RedisServerFixture fixture = new RedisServerFixture("redis://127.0.0.1:" + port, "127.0.0.1", port);
            fixture.awaitPing(process, tempDir);
            return fixture;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server for the tests (set REDIS_URL to use an existing one)", e);
        }
    }

    /**
     * A {@code redis-server} executable: the one on {@code PATH}, else the embedded binary extracted into
     * {@code dir}. Also runs as a sentinel ({@code redis-server sentinel.conf --sentinel}).
     */
    public static Path binary(Path dir) throws IOException {
        Path binary = findOnPath();
        return binary != null ? binary : extractEmbedded(dir);
    }

    private static Path findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path extractEmbedded(Path tempDir) throws IOException {
        URL resource = RedisServerFixture.class.getResource("/" + EMBEDDED_BINARY);
        if (resource == null) {
            throw new IllegalStateException("no redis-server on PATH and no /" + EMBEDDED_BINARY
                    + " on the test classpath (expected the com.github.codemonstur:embedded-redis test dependency)");
        }
        Path target = tempDir.resolve("redis-server");
        try (InputStream in = resource.openStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!target.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + target + " executable");
        }
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitPing(Process process, Path tempDir) {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + tempDir.resolve("redis.log"));
            }
            try {
                if (command("PING").startsWith("+PONG")) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within 15 s");
    }

    /** Sends one inline command and returns the first line of the reply. */
    private String command(String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((command.endsWith("\r\n") ? command : command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + host + ":" + port + " did not answer " + command + ": " + e.getMessage(), e);
        }
    }

    private static void stop(Process process, Path tempDir) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(tempDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
