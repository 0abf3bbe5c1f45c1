package io.hamok.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The throughput benchmark (issues 2 and 3): HamokRemoteMap against raw Redisson RMap (part A), our JCache
 * provider against Redisson's JCache (B), on a Redis it starts itself (or {@code REDIS_URL}), and the
 * floor under every write: Ratis alone (C). Prints a
 * Markdown report on stdout, progress on stderr; never asserts. Run:
 *
 * <pre>mvn -q test-compile exec:java -Dexec.mainClass=io.hamok.bench.Benchmark [-Dbench.seconds=3 -Dbench.warmup=1
 *     -Dbench.threads=1,16 -Dbench.peers=1,3 -Dbench.stores=memory,redis -Dbench.parts=ABC]</pre>
 */
public final class Benchmark {
    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        quietLogging();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Dataset data = new Dataset(settings.keys(), settings.valueBytes());
        long start = System.nanoTime();
        StringBuilder report = new StringBuilder();
        report.append("# hamok-jcache benchmark\n\n")
                .append("- ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", Redis ")
                .append(System.getenv("REDIS_URL") == null ? "started by the benchmark (RedisServerFixture)" : "at REDIS_URL")
                .append('\n')
                .append("- ").append(settings.describe()).append("; latencies in microseconds\n")
                .append("- load average at start: ").append(loadAverage()).append("\n\n");
        int status = 0;
        try {
            if (settings.part('A')) {
                MapBench map = new MapBench(settings, data);
                map.run();
                report.append(map.report()).append('\n');
            }
            if (settings.part('B') && settings.stores().contains("redis")) {
                JCacheBench jcache = new JCacheBench(settings, data);
                jcache.run();
                report.append(jcache.report()).append('\n');
            }
            if (settings.part('C')) {
                RaftFloorBench floor = new RaftFloorBench(settings);
                floor.run();
                report.append(floor.report()).append('\n');
            }
            report.append(String.format(java.util.Locale.ROOT, "Total run time %.0f s; load average at the end: %s%n",
                    (System.nanoTime() - start) / 1e9, loadAverage()));
        } catch (Exception | Error e) {
            status = 1;
            Progress.say("benchmark failed: %s", e);
            e.printStackTrace();
        }
        System.out.print(report);
        System.out.flush();
        // Ratis and Redisson leave non-daemon threads that would keep exec:java waiting
        System.exit(status);
    }

    /** The 1/5/15-minute load averages (Linux), to show whether something else shared the cores. */
    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void quietLogging() {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.ratis", "error");
        setDefault("org.slf4j.simpleLogger.log.org.redisson", "error");
        setDefault("org.slf4j.simpleLogger.log.io.grpc", "error");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
