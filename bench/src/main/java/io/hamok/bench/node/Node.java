package io.hamok.bench.node;

import io.hamok.bench.LoadDriver;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One process of a grid under test. Starts its member of the system named by {@code node.kind},
 * prints {@code @@ 0 ready}, then answers line commands from the orchestrator on stdin, each
 * {@code <id> <command> <args...>}, with one line {@code @@ <id> ok|err ...} on stdout. Everything
 * else any library prints goes to stderr (the orchestrator keeps it in a log file).
 *
 * <ul>
 *   <li>{@code run <op> <threads> <inFlight> <startAtEpochMillis> <warmMillis> <measureMillis> <sliceMillis>}:
 *       runs the load (asynchronously: other commands are answered meanwhile);
 *       answers {@code ok errors=.. stuck=.. hist=.. slices=.. error=..}</li>
 *   <li>{@code reset}, {@code stats}: the system's batching figures</li>
 *   <li>{@code preload}: writes the key space</li>
 *   <li>{@code quit}: closes the member and exits; end of stdin does the same</li>
 * </ul>
 */
public final class Node {
    private static PrintStream protocol;

    private Node() {}

    public static void main(String[] args) throws Exception {
        protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        NodeSettings settings = NodeSettings.fromSystemProperties();
        Target target;
        try {
            target = Targets.start(settings);
        } catch (Throwable e) {
            e.printStackTrace();
            reply("0", "err " + encode(e.toString()));
            System.exit(2);
            return;
        }
        reply("0", "ready " + pairs(target.stats()));
        ExecutorService runner = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "bench-run");
            thread.setDaemon(true);
            return thread;
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split(" ");
            if (words.length < 2) {
                continue;
            }
            String id = words[0];
            String[] rest = Arrays.copyOfRange(words, 2, words.length);
            switch (words[1]) {
                case "run" -> runner.execute(() -> reply(id, safely(() -> run(target, rest))));
                case "reset" -> {
                    target.resetStats();
                    reply(id, "ok");
                }
                case "stats" -> reply(id, "ok " + pairs(target.stats()));
                case "preload" -> runner.execute(() -> reply(id, safely(() -> {
                    target.preload();
                    return "ok";
                })));
                case "quit" -> {
                    quit(target, runner);
                    reply(id, "ok");
                    System.exit(0);
                }
                default -> reply(id, "err unknown command " + encode(words[1]));
            }
        }
        quit(target, runner);
        System.exit(0);
    }

    private static String run(Target target, String[] args) {
        String op = args[0];
        int threads = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        long startAt = Long.parseLong(args[3]);
        long warm = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4]));
        long measure = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[5]));
        long slice = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[6]));
        long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startAt - System.currentTimeMillis());
        LoadDriver.Plan plan = new LoadDriver.Plan(begin, begin + warm, begin + warm + measure, slice);
        LoadDriver.Result result;
        if (inFlight > 0) {
            LoadDriver.AsyncOp async = target.asyncOp(op);
            if (async == null) {
                return "err unsupported " + op;
            }
            result = LoadDriver.runAsync(plan, threads, inFlight, async);
        } else {
            LoadDriver.Op sync = target.op(op);
            if (sync == null) {
                return "err unsupported " + op;
            }
            result = LoadDriver.run(plan, threads, sync);
        }
        return "ok errors=" + result.errors() + " stuck=" + result.stuck() + " hist=" + result.latencies().encode()
                + " slices=" + Arrays.stream(result.slices()).mapToObj(Long::toString).collect(Collectors.joining(","))
                + " error=" + encode(result.firstError() == null ? "" : result.firstError());
    }

    private interface Action {
        String call() throws Exception;
    }

    private static String safely(Action action) {
        try {
            return action.call();
        } catch (Throwable e) {
            e.printStackTrace();
            return "err " + encode(e.toString());
        }
    }

    private static void quit(Target target, ExecutorService runner) {
        runner.shutdownNow();
        try {
            target.close();
        } catch (Throwable e) {
            e.printStackTrace();
        }
    }

    private static String pairs(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining(" "));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static synchronized void reply(String id, String payload) {
        protocol.println("@@ " + id + " " + payload);
    }
}
