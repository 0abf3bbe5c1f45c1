package io.hamok.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives the cells of one running grid. Every loaded process gets the same absolute start time; the
 * orchestrator resets the nodes' batching figures and samples the CPU of every process of the grid
 * (and of Redis, when the grid uses it) when the measured period starts and ends.
 */
final class GridRunner {
    private final BenchSettings settings;
    private final Cluster cluster;
    private final Optional<ProcessHandle> redis;
    private final int oneIndex;

    /**
     * @param oneIndex the process that drives the load in one-process cells
     * @param redis    the Redis server whose CPU counts for this grid, if any
     */
    GridRunner(BenchSettings settings, Cluster cluster, int oneIndex, Optional<ProcessHandle> redis) {
        this.settings = settings;
        this.cluster = cluster;
        this.oneIndex = oneIndex;
        this.redis = redis;
    }

    int oneIndex() {
        return oneIndex;
    }

    /** Writes the key space from the first process. */
    void preload() {
        Progress.say("%s: preloading %,d keys", cluster.kind(), settings.keys());
        cluster.nodes().get(0).call("preload", Duration.ofMinutes(10));
    }

    /** Runs {@code op} from every process for {@code seconds}; returns completed operations per slice, all processes together. */
    long[] timeline(String op, int threads, double seconds, double slice) {
        Progress.say("%s: warm-up, %s x%d in each of %d processes for %.0f s", cluster.kind(), op, threads,
                cluster.nodes().size(), seconds);
        long startAt = System.currentTimeMillis() + 500;
        List<CompletableFuture<Map<String, String>>> runs = new ArrayList<>();
        for (NodeProcess node : cluster.nodes()) {
            runs.add(node.send(String.format("run %s %d 0 %d 0 %d %d", op, threads, startAt, (long) (seconds * 1000),
                    (long) (slice * 1000))));
        }
        long[] total = null;
        for (CompletableFuture<Map<String, String>> run : runs) {
            Map<String, String> result = await(run, seconds + 120);
            String[] parts = result.getOrDefault("slices", "").split(",");
            if (total == null) {
                total = new long[parts.length];
            }
            for (int i = 0; i < Math.min(parts.length, total.length); i++) {
                total[i] += parts[i].isEmpty() ? 0 : Long.parseLong(parts[i]);
            }
        }
        return total == null ? new long[0] : total;
    }

    /** One cell: {@code op} with {@code threads} threads in each of {@code procs} processes. */
    Cell cell(String grid, String label, String op, int procs, int threads, int inFlight) {
        List<Integer> loaded = new ArrayList<>();
        int size = cluster.nodes().size();
        for (int i = 0; i < Math.min(procs, size); i++) {
            loaded.add((oneIndex + i) % size);
        }
        Progress.say("%s: %s, %d process(es) x %d thread(s)%s", grid, label, loaded.size(), threads,
                inFlight > 0 ? " x " + inFlight + " in flight" : "");
        long warm = settings.cellWarmupMillis();
        long measure = settings.secondsMillis();
        long startAt = System.currentTimeMillis() + 300;
        List<CompletableFuture<Map<String, String>>> runs = new ArrayList<>();
        for (int index : loaded) {
            runs.add(cluster.nodes().get(index).send(String.format("run %s %d %d %d %d %d 0", op, threads, inFlight, startAt, warm, measure)));
        }
        sleepUntil(startAt + warm);
        List<CompletableFuture<Map<String, String>>> resets = cluster.nodes().stream().map(n -> n.send("reset")).toList();
        long cpuBefore = cpu();
        resets.forEach(r -> await(r, 30));
        sleepUntil(startAt + warm + measure);
        long cpuAfter = cpu();
        List<Map<String, String>> stats = cluster.nodes().stream().map(n -> n.send("stats")).toList().stream()
                .map(r -> await(r, 30)).toList();
        LatencyHistogram latencies = new LatencyHistogram();
        long errors = 0;
        String firstError = "";
        boolean stuck = false;
        for (CompletableFuture<Map<String, String>> run : runs) {
            Map<String, String> result;
            try {
                result = await(run, 120);
            } catch (RuntimeException e) {
                Progress.say("%s: %s failed: %s", grid, label, e.getMessage());
                errors++;
                firstError = firstError.isEmpty() ? e.getMessage() : firstError;
                continue;
            }
            latencies.add(LatencyHistogram.decode(result.get("hist")));
            errors += Long.parseLong(result.get("errors"));
            stuck |= Boolean.parseBoolean(result.get("stuck"));
            if (firstError.isEmpty()) {
                firstError = result.getOrDefault("error", "");
            }
        }
        double ops = latencies.count();
        double cpuMicros = cpuBefore < 0 || cpuAfter < 0 || ops == 0 ? -1 : (cpuAfter - cpuBefore) / 1000.0 / ops;
        if (!firstError.isEmpty()) {
            Progress.say("%s: %s: %d error(s), first: %s", grid, label, errors, firstError);
        }
        return new Cell(grid, label, op, loaded.size(), threads, inFlight, measure / 1000.0, latencies, errors, firstError,
                stuck, cpuMicros, stats, loaded);
    }

    /** CPU time of every process of the grid and of Redis, or -1 when the OS does not tell one of them. */
    private long cpu() {
        long total = 0;
        for (NodeProcess node : cluster.nodes()) {
            long nanos = node.cpuNanos();
            if (nanos < 0) {
                return -1;
            }
            total += nanos;
        }
        if (redis.isPresent()) {
            long nanos = Processes.cpuNanos(redis.get().pid());
            if (nanos < 0) {
                return -1;
            }
            total += nanos;
        }
        return total;
    }

    private static Map<String, String> await(CompletableFuture<Map<String, String>> future, double seconds) {
        try {
            return future.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(String.valueOf(cause.getMessage()), cause);
        }
    }

    private static void sleepUntil(long epochMillis) {
        for (long left; (left = epochMillis - System.currentTimeMillis()) > 0; ) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
