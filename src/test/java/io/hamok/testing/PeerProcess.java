package io.hamok.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A grid peer in a child JVM ({@link PeerMain}), started from a properties file and killed with
 * SIGKILL ({@link Process#destroyForcibly()}). The child's stdout and stderr go to one log file per peer
 * (appended across restarts); the child's reports ({@code ACK}, {@code INV}, {@code FAIL}, {@code EVT},
 * ...) go to a sink; the answers to requests complete their futures.
 */
public final class PeerProcess implements AutoCloseable {
    /** JVM options of a child: small heap, C1 only, serial GC, to keep CPU use low on a shared machine. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.net.preferIPv4Stack=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=error",
            // the Ratis client logs every retry during a failover with a stack trace: noise, and CPU when it matters
            "-Dorg.slf4j.simpleLogger.log.org.apache.ratis.client=off",
            "-Dorg.slf4j.simpleLogger.log.io.hamok.internal.shaded.redisson=error",
            "-Dorg.slf4j.simpleLogger.log.org.redisson=error");

    private final String id;
    private final Path log;
    private final String cacheSuffix;
    private final BiConsumer<PeerProcess, String> reports;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private volatile Process process;
    private volatile PrintStream stdin;
    private volatile CompletableFuture<String> started = new CompletableFuture<>();
    private volatile CompletableFuture<Integer> exited = CompletableFuture.completedFuture(-1);
    private volatile int incarnation;
    private final List<String> extraJvmOptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String mainClass = PeerMain.class.getName();

    /**
     * @param id          the peer id (for messages and log names)
     * @param log         the log file of this peer (appended)
     * @param cacheSuffix appended to the child's cache names, so that runs sharing a Redis do not meet
     * @param reports     receives every report line of the child (not the answers to requests)
     */
    public PeerProcess(String id, Path log, String cacheSuffix, BiConsumer<PeerProcess, String> reports) {
        this.id = id;
        this.log = log;
        this.cacheSuffix = cacheSuffix;
        this.reports = reports;
    }

    public String id() {
        return id;
    }

    public Path log() {
        return log;
    }

    /** How many times this peer was started. */
    public int incarnation() {
        return incarnation;
    }

    /**
     * Runs another main class than {@link PeerMain} (same arguments, same protocol: {@code READY},
     * {@code STARTFAILED}, answers to requests).
     */
    public PeerProcess mainClass(Class<?> main) {
        this.mainClass = main.getName();
        return this;
    }

    /** Adds JVM options (e.g. {@code -Dname=value}) to this peer's next starts. */
    public PeerProcess jvmOptions(String... options) {
        extraJvmOptions.addAll(List.of(options));
        return this;
    }

    /** Starts the child with this properties file; {@link #awaitStarted} waits for it. */
    public synchronized void start(Path properties) {
        if (isAlive()) {
            throw new IllegalStateException("peer " + id + " is running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.add("-cp");
        command.add(testClassPath());
        command.add(mainClass);
        command.add(properties.toAbsolutePath().toString());
        command.add(cacheSuffix);
        incarnation++;
        started = new CompletableFuture<>();
        try {
            Files.createDirectories(log.getParent());
            String shown = String.join(" ", command).replace(testClassPath(), "<test class path>");
            Files.writeString(log, "==== " + java.time.LocalTime.now() + " start #" + incarnation + ": " + shown + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE);
            Process child = builder.start();
            process = child;
            stdin = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            exited = exit;
            CompletableFuture<String> start = started;
            Thread reader = new Thread(() -> read(child, start, exit), "peer-" + id + "-stdout-" + incarnation);
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start peer " + id, e);
        }
    }

    /** The test class path (surefire's, when the JVM runs from its manifest-only jar). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void read(Process child, CompletableFuture<String> start, CompletableFuture<Integer> exit) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                dispatch(line, start);
            }
        } catch (IOException e) {
            // the pipe broke with the process; its exit status below says what happened
        }
        int status;
        try {
            status = child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        try {
            Files.writeString(log, "==== " + java.time.LocalTime.now() + " exit " + status + "\n", StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is a help, not a result
        }
        PeerGoneException gone = new PeerGoneException("peer " + id + " exited with status " + status);
        start.completeExceptionally(gone);
        for (Pending request : pending.values()) {
            request.future.completeExceptionally(gone);
        }
        pending.clear();
        exit.complete(status);
    }

    private void dispatch(String line, CompletableFuture<String> start) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        switch (verb) {
            case "READY" -> start.complete(line.substring(space + 1));
            case "STARTFAILED" -> start.completeExceptionally(new PeerStartException(id, line.substring(space + 1)));
            case "VAL", "OK", "LEADER", "STOPPED", "ERR", "ENTRY", "END", "LINDONE" -> answer(verb, line);
            default -> reports.accept(this, line);
        }
    }

    private void answer(String verb, String line) {
        String[] w = line.split(" ", 3);
        Pending request = pending.get(w[1]);
        if (request == null) {
            return;
        }
        String rest = w.length > 2 ? w[2] : "";
        switch (verb) {
            case "ENTRY" -> request.lines.add(rest);
            case "ERR" -> {
                pending.remove(w[1]);
                request.future.completeExceptionally(new PeerCommandException(id, request.command, rest));
            }
            case "END" -> {
                pending.remove(w[1]);
                request.future.complete(List.copyOf(request.lines));
            }
            default -> {
                pending.remove(w[1]);
                request.future.complete(List.of(rest));
            }
        }
    }

    /** Waits for {@code READY}; throws {@link PeerStartException} or {@link PeerGoneException} if the child failed. */
    public void awaitStarted(Duration timeout) {
        try {
            started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("peer " + id + " did not print READY within " + timeout + " (see " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Completes with the exit status once the child has exited. */
    public CompletableFuture<Integer> exit() {
        return exited;
    }

    /** Completes with {@code READY}'s text, or exceptionally with {@link PeerStartException}/{@link PeerGoneException}. */
    public CompletableFuture<String> started() {
        return started;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The child's OS process id. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL, then waits until the process and its output are gone. */
    public void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        exited.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Sends a line with no answer (e.g. {@code LOAD ...}). */
    public void send(String line) {
        PrintStream in = stdin;
        if (in == null || !isAlive()) {
            throw new PeerGoneException("peer " + id + " is not running (cannot send " + line + ")");
        }
        in.println(line);
    }

    /**
     * Sends {@code <verb> <id> <args>} and completes with the answer's text after the id (one element, or
     * one per {@code ENTRY} for {@code DUMP}); exceptionally with {@link PeerCommandException} for
     * {@code ERR}, {@link PeerGoneException} if the child dies first.
     */
    public CompletableFuture<List<String>> request(String verb, String args) {
        String requestId = Long.toString(requestIds.incrementAndGet());
        String command = verb + " " + requestId + (args.isEmpty() ? "" : " " + args);
        Pending request = new Pending(command, new CompletableFuture<>(), java.util.Collections.synchronizedList(new ArrayList<>()));
        pending.put(requestId, request);
        try {
            send(command);
        } catch (PeerGoneException e) {
            pending.remove(requestId);
            request.future.completeExceptionally(e);
        }
        if (!isAlive()) {
            // died between put and send: nobody else will complete it
            pending.remove(requestId);
            request.future.completeExceptionally(new PeerGoneException("peer " + id + " is not running"));
        }
        return request.future;
    }

    /** A request's single answer, waiting at most {@code timeout}. */
    public String call(String verb, String args, Duration timeout) {
        return request(verb, args).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join().get(0);
    }

    /** The last {@code maxLines} lines of the log that are not load reports. */
    public List<String> logTail(int maxLines) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("ACK ") && !line.startsWith("INV ")).toList();
            return lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e + ")");
        }
    }

    /** Kills the child if it runs. */
    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return id + (isAlive() ? "(pid " + process.pid() + ", #" + incarnation + ")" : "(down)");
    }

    private record Pending(String command, CompletableFuture<List<String>> future, List<String> lines) {}

    /** The child exited (or was killed) before answering. */
    public static final class PeerGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PeerGoneException(String message) {
            super(message);
        }
    }

    /** The child answered a request with {@code ERR <exception class> <message>}. */
    public static final class PeerCommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String exceptionClass;

        PeerCommandException(String peer, String command, String error) {
            super("peer " + peer + " answered '" + command + "' with " + error);
            int space = error.indexOf(' ');
            this.exceptionClass = space < 0 ? error : error.substring(0, space);
        }

        /** The class name of the exception the child caught. */
        public String exceptionClass() {
            return exceptionClass;
        }
    }

    /** The child printed {@code STARTFAILED <exception class> <message>}. */
    public static final class PeerStartException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String report;

        PeerStartException(String peer, String report) {
            super("peer " + peer + " failed to start: " + report);
            this.report = report;
        }

        /** {@code <exception class> <message>} as the child printed it. */
        public String report() {
            return report;
        }
    }
}
