package io.hamok.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The benchmark's knobs, read from {@code bench.*} system properties ({@code -Dbench.seconds=3} on the mvn line). */
record BenchSettings(double seconds, double cellWarmup, double warmup, double timeline, double slice, List<Integer> threads,
                     List<Integer> procs, List<String> parts, List<String> ops, int keys, int valueBytes, int batch,
                     int warmupThreads, String heap, List<String> jvmArgs, Path storageRoot, String jgroupsLog,
                     int asyncThreads, int asyncInFlight) {
    static final List<String> ALL_PARTS = List.of("hamok", "hamok-near", "hazelcast", "redisson", "jgroups", "floor");
    static final List<String> ALL_OPS = List.of("put", "invoke", "get", "putAll", "mix");

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                number("bench.seconds", 3), number("bench.cellWarmup", 1), number("bench.warmup", 30), number("bench.timeline", 60),
                number("bench.slice", 5), ints("bench.threads", "1,16,64"), ints("bench.procs", "1,3"),
                words("bench.parts", String.join(",", ALL_PARTS)), words("bench.ops", String.join(",", ALL_OPS)),
                (int) number("bench.keys", 10_000), (int) number("bench.valueBytes", 100), (int) number("bench.batch", 100),
                (int) number("bench.warmupThreads", 16), System.getProperty("bench.heap", "512m"),
                Arrays.stream(System.getProperty("bench.jvmArgs", "").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                Path.of(System.getProperty("bench.storageRoot", System.getProperty("java.io.tmpdir"))),
                System.getProperty("bench.jgroupsLog", "file"),
                (int) number("bench.asyncThreads", 4), (int) number("bench.asyncInFlight", 64));
    }

    long cellWarmupMillis() {
        return (long) (cellWarmup * 1000);
    }

    long secondsMillis() {
        return (long) (seconds * 1000);
    }

    /** The knobs and their values, for the report's header. */
    String describe() {
        return String.format(Locale.ROOT, "-Dbench.seconds=%s -Dbench.cellWarmup=%s -Dbench.warmup=%s -Dbench.timeline=%s -Dbench.slice=%s"
                        + " -Dbench.threads=%s -Dbench.procs=%s -Dbench.parts=%s -Dbench.ops=%s -Dbench.keys=%d"
                        + " -Dbench.valueBytes=%d -Dbench.batch=%d -Dbench.warmupThreads=%d -Dbench.heap=%s"
                        + " -Dbench.jvmArgs=\"%s\" -Dbench.storageRoot=%s -Dbench.jgroupsLog=%s -Dbench.asyncThreads=%d"
                        + " -Dbench.asyncInFlight=%d",
                plain(seconds), plain(cellWarmup), plain(warmup), plain(timeline), plain(slice), join(threads), join(procs),
                String.join(",", parts), String.join(",", ops), keys, valueBytes, batch, warmupThreads, heap,
                String.join(" ", jvmArgs), storageRoot, jgroupsLog, asyncThreads, asyncInFlight);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static double number(String name, double fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: a number)", e);
        }
    }

    private static List<Integer> ints(String name, String fallback) {
        return words(name, fallback).stream().map(Integer::valueOf).toList();
    }

    private static List<String> words(String name, String fallback) {
        return Arrays.stream(System.getProperty(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
