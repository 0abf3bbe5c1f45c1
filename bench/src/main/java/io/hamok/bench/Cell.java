package io.hamok.bench;

import java.util.List;
import java.util.Map;

/**
 * One measured cell: a grid, an operation, how many of its processes drove load and with how many
 * threads each; the merged latencies of all of them, the CPU of all the grid's processes, and each
 * node's figures at the end ({@code stats}, in node order).
 */
record Cell(String grid, String label, String op, int procs, int threads, int inFlight, double seconds,
            LatencyHistogram latencies, long errors, String firstError, boolean stuck, double cpuMicrosPerOp,
            List<Map<String, String>> stats, List<Integer> loaded) {
    double opsPerSecond() {
        return latencies.count() / seconds;
    }

    double p50Micros() {
        return latencies.quantile(0.50) / 1000.0;
    }

    double p99Micros() {
        return latencies.quantile(0.99) / 1000.0;
    }

    /** The sum of a numeric figure over all nodes. */
    double sum(String key) {
        return stats.stream().mapToDouble(s -> Double.parseDouble(s.getOrDefault(key, "0"))).sum();
    }
}
