package io.hamok.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The benchmark's knobs, from {@code bench.*} system properties. */
record BenchSettings(double warmupSeconds, double seconds, List<Integer> threads, List<Integer> peers,
                     List<String> stores, String parts, int keys, int valueBytes, int batch, int maxInFlightEntries) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Double.parseDouble(System.getProperty("bench.warmup", "1")),
                Double.parseDouble(System.getProperty("bench.seconds", "3")),
                ints(System.getProperty("bench.threads", "1,16")),
                ints(System.getProperty("bench.peers", "1,3")),
                Arrays.stream(System.getProperty("bench.stores", "memory,redis").split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList(),
                System.getProperty("bench.parts", "ABC").toUpperCase(Locale.ROOT),
                Integer.getInteger("bench.keys", 10_000),
                Integer.getInteger("bench.valueBytes", 100),
                Integer.getInteger("bench.batch", 100),
                Integer.getInteger("bench.maxInFlightEntries", 0));
    }

    boolean part(char name) {
        return parts.indexOf(name) >= 0;
    }

    LoadDriver driver() {
        return new LoadDriver(warmupSeconds, seconds);
    }

    String describe() {
        return String.format(Locale.ROOT, "%,d keys, %d-byte values, batches of %d, %.0f s warm-up + %.0f s measured per cell,"
                + " threads %s, peers %s, stores %s, maxInFlightEntries %s", keys, valueBytes, batch, warmupSeconds, seconds,
                threads, peers, stores, maxInFlightEntries == 0 ? "default" : maxInFlightEntries);
    }

    private static List<Integer> ints(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    }
}
