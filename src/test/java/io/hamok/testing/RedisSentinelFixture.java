package io.hamok.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Redis master, one replica and one sentinel watching them (master name {@value #MASTER_NAME}), each a
 * real {@code redis-server} process on a free loopback port, started in {@code dir} and stopped by
 * {@link #close()}. Ready when the replica's link to the master is up and the sentinel names the master.
 */
public final class RedisSentinelFixture implements AutoCloseable {
    public static final String MASTER_NAME = "hamokmaster";
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final int masterPort;
    private final int replicaPort;
    private final int sentinelPort;

    private RedisSentinelFixture(Path dir) {
        this.dir = dir;
        this.masterPort = TestGrid.freePort();
        this.replicaPort = TestGrid.freePort();
        this.sentinelPort = TestGrid.freePort();
    }

    /** Starts the three servers and waits until the replica follows the master and the sentinel knows it. */
    public static RedisSentinelFixture start(Path dir) throws IOException {
        RedisSentinelFixture fixture = new RedisSentinelFixture(dir);
        try {
            Path binary = RedisServerFixture.binary(dir);
            fixture.server(binary, "master", List.of("--port", String.valueOf(fixture.masterPort)));
            fixture.server(binary, "replica", List.of("--port", String.valueOf(fixture.replicaPort),
                    "--replicaof", "127.0.0.1", String.valueOf(fixture.masterPort)));
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + fixture.sentinelPort,
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + fixture.masterPort + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 5000",
                    ""));
            fixture.launch(List.of(binary.toString(), conf.toString(), "--sentinel"), "sentinel");
            fixture.await("the replica's link to the master is up", fixture.replicaPort,
                    reply -> reply.contains("master_link_status:up"), "INFO", "replication");
            fixture.await("the sentinel names the master", fixture.sentinelPort,
                    reply -> reply.contains(String.valueOf(fixture.masterPort)), "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
            return fixture;
        } catch (IOException | RuntimeException e) {
            fixture.close();
            throw e;
        }
    }

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    public int sentinelPort() {
        return sentinelPort;
    }

    /** Sends one command to the server on {@code port} and returns its whole reply as text. */
    public static String send(int port, String... args) {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("Redis on 127.0.0.1:" + port + " did not answer " + String.join(" ", args)
                    + ": " + e.getMessage(), e);
        }
    }

    private void server(Path binary, String name, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "no", "--dir", dir.toString()));
        command.addAll(options);
        launch(command, name);
    }

    private void launch(List<String> command, String name) throws IOException {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start());
    }

    private void await(String what, int port, Predicate<String> ready, String... command) {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a redis-server exited with " + process.exitValue() + "; see the logs in " + dir);
                }
            }
            try {
                last = send(port, command);
                if (ready.test(last)) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                last = notYet.getMessage();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
        throw new IllegalStateException("not within 30 s: " + what + " (last answer: " + last + "; logs in " + dir + ")");
    }

    /** Reads one RESP reply (simple, error, integer, bulk or array) and renders it as text. */
    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            return line;
        }
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return "(nil)";
                }
                byte[] data = in.readNBytes(length + 2);
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(readReply(in));
                }
                return items.toString();
            }
            default -> {
                return line;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Stops every server it started. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
