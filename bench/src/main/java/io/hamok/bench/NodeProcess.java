package io.hamok.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The orchestrator's handle on one node process: writes {@code <id> <command>} lines to its stdin and
 * matches the {@code @@ <id> ...} lines it prints. Its stderr goes to a log file.
 */
final class NodeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = process.outputWriter(StandardCharsets.UTF_8);
        pending.put(0L, ready);
        Thread reader = new Thread(this::read, "bench-read-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static NodeProcess start(String name, List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        Processes.register(process);
        return new NodeProcess(name, process, log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** The {@code ready} line's figures, once the node has started its member. */
    Map<String, String> awaitReady(Duration timeout) {
        return parse(await(ready, timeout, "start"), "ready");
    }

    /** Sends a command; the future completes with the reply's figures, or fails on {@code err}. */
    CompletableFuture<Map<String, String>> send(String command) {
        long id = ids.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        synchronized (stdin) {
            try {
                stdin.write(id + " " + command + "\n");
                stdin.flush();
            } catch (IOException e) {
                pending.remove(id);
                reply.completeExceptionally(new IllegalStateException(name + " does not take commands (" + e.getMessage()
                        + "); its log: " + log));
            }
        }
        return reply.thenApply(payload -> parse(payload, "ok"));
    }

    Map<String, String> call(String command, Duration timeout) {
        CompletableFuture<Map<String, String>> reply = send(command);
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + ": '" + command + "' failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + ": no answer to '" + command + "' within " + timeout + "; its log: " + log);
        }
    }

    /** CPU time this process has used so far (all threads), or -1 when the OS does not say. */
    long cpuNanos() {
        return Processes.cpuNanos(process.pid());
    }

    /** The last lines of the node's log, to explain a failure. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                send("quit").get(15, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // forced below
            }
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroyForcibly();
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (!line.startsWith("@@ ")) {
                    continue;
                }
                int space = line.indexOf(' ', 3);
                long id = Long.parseLong(line.substring(3, space));
                CompletableFuture<String> reply = pending.remove(id);
                if (reply != null) {
                    reply.complete(line.substring(space + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: fail what waits below
        }
        String why = name + " exited" + (process.isAlive() ? "" : " with " + exitCode()) + "; its log " + log + " ends:\n"
                + logTail(20);
        pending.values().forEach(reply -> reply.completeExceptionally(new IllegalStateException(why)));
    }

    private String exitCode() {
        try {
            return Integer.toString(process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private String await(CompletableFuture<String> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + ": no " + what + " within " + timeout + "; its log " + log + " ends:\n" + logTail(20));
        }
    }

    private Map<String, String> parse(String payload, String expected) {
        String[] words = payload.split(" ");
        if (!words[0].equals(expected)) {
            String detail = words.length > 1 ? URLDecoder.decode(payload.substring(words[0].length() + 1), StandardCharsets.UTF_8) : "";
            throw new IllegalStateException(name + " answered " + words[0] + " " + detail + " (log: " + log + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                values.put(words[i].substring(0, eq), URLDecoder.decode(words[i].substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
