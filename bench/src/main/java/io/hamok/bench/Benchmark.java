package io.hamok.bench;

import io.hamok.testing.RedisServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The throughput benchmark. Every grid runs as separate JVM processes on loopback, started here, one
 * grid at a time: hamok-jcache (3 peers over Redis), Hazelcast's open-source JCache (3 members),
 * Redisson's JCache and a raw Redisson RMap (3 client processes on the same Redis), jgroups-raft's
 * replicated map (3 members) and bare Ratis with hamok's packing (3 servers), the floor under a hamok
 * write. Each grid warms up, then runs its cells with load from one process and from all three.
 * The Markdown report goes to stdout, progress to stderr. Knobs: {@code bench.*} system properties
 * (see {@link BenchSettings}); run with
 * {@code mvn -B -q install -DskipTests && mvn -B -q -f bench/pom.xml compile exec:java}.
 */
public final class Benchmark {
    static final String ASYNC_CACHE = "io.hamok.jcache.AsyncCache";

    private final BenchSettings settings;
    private final Report report;
    private final Properties versions = new Properties();
    private Optional<ProcessHandle> redis = Optional.empty();
    private String redisUrl;

    private Benchmark(BenchSettings settings) throws IOException {
        this.settings = settings;
        this.report = new Report(settings);
        try (InputStream in = Benchmark.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        long started = System.nanoTime();
        String header = header(settings);
        Benchmark benchmark = new Benchmark(settings);
        benchmark.runAll();
        StringBuilder out = new StringBuilder(header);
        out.append(benchmark.redisLine()).append('\n');
        out.append(benchmark.report.render());
        out.append(String.format(Locale.ROOT, "%nTotal run time %.0f s; load average at the end: %s%n",
                (System.nanoTime() - started) / 1e9, loadAverage()));
        System.out.print(out);
        System.out.flush();
        Processes.killAll();
    }

    private void runAll() {
        for (String part : settings.parts()) {
            try {
                switch (part) {
                    case "hamok" -> runHamok();
                    case "hamok-near" -> runHamokNear();
                    case "hazelcast" -> runHazelcast();
                    case "redisson" -> runRedisson();
                    case "jgroups" -> runJGroups();
                    case "floor" -> runFloor();
                    default -> throw new IllegalArgumentException("bench.parts : " + part + " (expected: one of " + BenchSettings.ALL_PARTS + ")");
                }
            } catch (Exception e) {
                Progress.say("part %s failed: %s", part, e);
                String grid = switch (part) {
                    case "hamok" -> Report.HAMOK;
                    case "hamok-near" -> Report.HAMOK_NEAR;
                    case "hazelcast" -> Report.HAZELCAST;
                    case "redisson" -> Report.REDISSON;
                    case "jgroups" -> Report.JGROUPS;
                    case "floor" -> Report.FLOOR;
                    default -> part;
                };
                report.section(grid, part);
                report.note(grid, "FAILED: " + e.getMessage());
            }
        }
    }

    private void runHamok() throws Exception {
        report.section(Report.HAMOK, "hamok-jcache " + versions.getProperty("hamok", "") + ": 3 peers, Redis store");
        String url = redis();
        Progress.say("hamok: starting 3 peer processes");
        try (Cluster cluster = Cluster.start(settings, "hamok", 3, url, null)) {
            int follower = follower(cluster);
            GridRunner runner = new GridRunner(settings, cluster, follower, redis);
            runner.preload();
            warmUp(Report.HAMOK, runner);
            runCells(Report.HAMOK, runner, List.of("put", "invoke", "get", "putAll", "mix"), Map.of());
            boolean async = isOnClasspath(ASYNC_CACHE);
            if (async) {
                for (int procs : settings.procs()) {
                    report.add(runner.cell(Report.HAMOK, "putAsync", "putAsync", procs, settings.asyncThreads(), settings.asyncInFlight()));
                }
            } else {
                report.note(Report.HAMOK, "putAsync, " + settings.asyncThreads() + " threads x " + settings.asyncInFlight()
                        + " in flight: not available (no " + ASYNC_CACHE + " on the classpath)");
            }
            report.note(Report.HAMOK, "each peer a JVM: Caching.getCachingProvider().getCacheManager(URI of a properties file) with"
                    + " hamok.peers (loopback), hamok.localPeerId, hamok.store=redis, hamok.redis.url, hamok.storageDir (a directory"
                    + " under " + settings.storageRoot() + "), every other setting default; Cache<String, byte[]> and Cache<String, Long>"
                    + " from a plain MutableConfiguration (types set)");
            report.note(Report.HAMOK, "leader at the start: " + leaders(cluster) + "; one-process cells load p" + follower
                    + " (a follower), three-process cells all peers; at the end: " + leaders(cluster));
            report.note(Report.HAMOK, "cmds/entry: commands per Raft entry the leader appended during the cell (its own callers'"
                    + " and every follower's, packed); cmds/forward: commands per batch each follower handed to the leader;"
                    + " cmds/store write: commands the leader executed per store write (batch apply); entries/store write:"
                    + " cmds/store write divided by cmds/entry. putAll is one command of "
                    + settings.batch() + " writes; invoke is a read and a version-conditioned command.");
            report.note(Report.HAMOK, "CPU us/op: CPU time of the three peer processes and the Redis server during the measured"
                    + " seconds, divided by the operations completed");
        } finally {
            flush();
        }
    }

    /**
     * hamok with a linearizable near cache on every cache: get and the 90/10 mix at 16 threads, put at 1 and 16
     * threads (p50/p99: what the wait for the leased readers costs; compare with the hamok section), and put
     * at 16 threads while the other follower is SIGSTOPped for one second mid-cell.
     */
    private void runHamokNear() throws Exception {
        report.section(Report.HAMOK_NEAR, "hamok-jcache " + versions.getProperty("hamok", "")
                + ": 3 peers, Redis store, linearizable near cache (hamok.nearCache=linearizable)");
        String url = redis();
        Progress.say("hamok-near: starting 3 peer processes");
        try (Cluster cluster = Cluster.start(settings, "hamok", 3, url, "nearCache=linearizable")) {
            int follower = follower(cluster);
            GridRunner runner = new GridRunner(settings, cluster, follower, redis);
            runner.preload();
            report.note(Report.HAMOK_NEAR, "load average when its warm-up began: " + loadAverage());
            if (settings.warmup() > 0) {
                report.timeline(Report.HAMOK_NEAR, settings.warmupThreads(),
                        runner.timeline("put", settings.warmupThreads(), settings.warmup(), settings.slice()));
            }
            for (int procs : settings.procs()) {
                report.add(runner.cell(Report.HAMOK_NEAR, "get", "get", procs, 16, 0));
                report.add(runner.cell(Report.HAMOK_NEAR, "get/put 90/10", "mix", procs, 16, 0));
                report.add(runner.cell(Report.HAMOK_NEAR, "put", "put", procs, 1, 0));
                report.add(runner.cell(Report.HAMOK_NEAR, "put", "put", procs, 16, 0));
            }
            int paused = otherFollower(cluster, follower);
            if (paused >= 0) {
                Thread pauser = pauseMidCell(cluster.nodes().get(paused).pid());
                report.add(runner.cell(Report.HAMOK_NEAR, "put, p" + paused + " paused 1 s", "put", 1, 16, 0));
                pauser.join();
            }
            report.note(Report.HAMOK_NEAR, "the same peers and caches as the hamok section, with hamok.nearCache=linearizable;"
                    + " near-cache leases last half the election timeout (350 ms); a write is executed (and so answered) once every"
                    + " peer holding a lease has its entry in its log");
            report.note(Report.HAMOK_NEAR, "leader at the start: " + leaders(cluster) + "; at the end: " + leaders(cluster));
            report.note(Report.HAMOK_NEAR, "one-process cells load p" + follower + " (a follower); the paused cell SIGSTOPs the other"
                    + " follower " + settings.cellWarmup() + " s + a third of the measured seconds into the cell and SIGCONTs it 1 s later");
        } finally {
            flush();
        }
    }

    /** The peer that neither leads nor is {@code loaded}, or -1. */
    private static int otherFollower(Cluster cluster, int loaded) {
        for (int i = 0; i < cluster.nodes().size(); i++) {
            if (i != loaded && "false".equals(cluster.nodes().get(i).call("stats", java.time.Duration.ofSeconds(30)).get("leader"))) {
                return i;
            }
        }
        return -1;
    }

    /** SIGSTOPs a process a third into the next cell's measured seconds, and SIGCONTs it one second later. */
    private Thread pauseMidCell(long pid) {
        long delay = settings.cellWarmupMillis() + 300 + settings.secondsMillis() / 3;
        Thread pauser = new Thread(() -> {
            try {
                Thread.sleep(delay);
                signal("STOP", pid);
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                signal("CONT", pid);
            }
        }, "pauser");
        pauser.setDaemon(true);
        pauser.start();
        return pauser;
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (java.io.IOException e) {
            Progress.say("kill -%s %d failed: %s", signal, pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runHazelcast() throws Exception {
        report.section(Report.HAZELCAST, "Hazelcast " + versions.getProperty("hazelcast", "") + " (open source) JCache: 3 members");
        Progress.say("hazelcast: starting 3 member processes");
        try (Cluster cluster = Cluster.start(settings, "hazelcast", 3, null, null)) {
            GridRunner runner = new GridRunner(settings, cluster, 0, Optional.empty());
            runner.preload();
            warmUp(Report.HAZELCAST, runner);
            runCells(Report.HAZELCAST, runner, List.of("put", "invoke", "get", "putAll", "mix"), Map.of());
            report.note(Report.HAZELCAST, "each member a JVM: TCP/IP join on 127.0.0.1 with the explicit member list, multicast off;"
                    + " the member's own JCache (HazelcastMemberCachingProvider), caches from a plain MutableConfiguration"
                    + " (Hazelcast's defaults: 1 synchronous backup, BINARY in-memory format); load runs inside the members;"
                    + " one-process cells load member 0");
            report.note(Report.HAZELCAST, "CPU us/op: CPU time of the three member processes");
        }
    }

    private void runRedisson() throws Exception {
        report.section(Report.REDISSON, "Redisson " + versions.getProperty("redisson", "") + " JCache: 3 client processes, same Redis");
        report.section(Report.RMAP, "Redisson " + versions.getProperty("redisson", "") + " raw RMap: 3 client processes, same Redis");
        String url = redis();
        Progress.say("redisson: starting 3 client processes");
        try (Cluster cluster = Cluster.start(settings, "redisson", 3, url, null)) {
            GridRunner runner = new GridRunner(settings, cluster, 0, redis);
            runner.preload();
            warmUp(Report.REDISSON, runner);
            runCells(Report.REDISSON, runner, List.of("put", "invoke", "get", "putAll", "mix"), Map.of());
            runCells(Report.RMAP, runner, List.of("get", "put", "putAll"), Map.of("get", "rmap.get", "put", "rmap.put", "putAll", "rmap.putAll"));
            report.note(Report.REDISSON, "org.redisson.jcache.JCachingProvider, caches from RedissonConfiguration.fromInstance(a client"
                    + " with Redisson's default Config: codec " + cluster.ready().get(0).getOrDefault("codec", "?")
                    + ", single server); one-process cells load client 0");
            report.note(Report.REDISSON, "CPU us/op: CPU time of the three client processes and the Redis server");
            report.note(Report.RMAP, "RMap<String, byte[]> with StringCodec keys and ByteArrayCodec values: get, put = fastPut,"
                    + " putAll; the same processes as the JCache cells, warmed by them");
        } finally {
            flush();
        }
    }

    private void runJGroups() throws Exception {
        report.section(Report.JGROUPS, "jgroups-raft " + versions.getProperty("jgroups-raft", "") + " ReplicatedStateMachine: 3 members");
        Progress.say("jgroups-raft: starting 3 member processes");
        try (Cluster cluster = Cluster.start(settings, "jgroups", 3, null, settings.jgroupsLog())) {
            int follower = follower(cluster);
            GridRunner runner = new GridRunner(settings, cluster, follower, Optional.empty());
            runner.preload();
            warmUp(Report.JGROUPS, runner);
            runCells(Report.JGROUPS, runner, List.of("put", "get", "mix"), Map.of());
            report.note(Report.JGROUPS, "ReplicatedStateMachine<String, byte[]>: put returns once committed on a majority and applied;"
                    + " get reads the local copy (allowDirtyReads); TCP + TCPPING on 127.0.0.1; Raft log: "
                    + ("memory".equals(settings.jgroupsLog()) ? "InMemoryLog" : "FileBasedLog without fsync, under " + settings.storageRoot()));
            report.note(Report.JGROUPS, "leader at the start: " + leaders(cluster) + "; one-process cells load member " + follower
                    + " (a follower); at the end: " + leaders(cluster) + "; no invoke or putAll in this API");
            report.note(Report.JGROUPS, "CPU us/op: CPU time of the three member processes");
        }
    }

    private void runFloor() throws Exception {
        report.section(Report.FLOOR, "The floor: Ratis " + versions.getProperty("ratis", "") + " alone, 3 processes, hamok's packing");
        Progress.say("floor: starting 3 Ratis processes");
        try (Cluster cluster = Cluster.start(settings, "floor", 3, null, null)) {
            int follower = follower(cluster);
            GridRunner runner = new GridRunner(settings, cluster, follower, Optional.empty());
            warmUp(Report.FLOOR, runner);
            for (int threads : settings.threads()) {
                for (int procs : settings.procs()) {
                    report.add(runner.cell(Report.FLOOR, "commit", "put", procs, threads, 0));
                }
            }
            report.note(Report.FLOOR, "a RaftServer per process with a no-op state machine (gRPC on 127.0.0.1, election timeout 1-2 s,"
                    + " unsafe flush, appender wait 0, log under " + settings.storageRoot() + ") and a RaftClient; each caller submits one"
                    + " " + (settings.valueBytes() + 10) + "-byte command and waits for its commit; packed as hamok packs: on the leader"
                    + " whatever queues while an entry is in flight leaves as the next entry through the leader's own server (one"
                    + " entry in flight, no timer), and a follower forwards what queues to the leader as a read-only request (up to"
                    + " four in flight) whose commands join the leader's queue");
            report.note(Report.FLOOR, "leader at the start: " + leaders(cluster) + "; one-process cells load process " + follower
                    + " (a follower); at the end: " + leaders(cluster));
            report.note(Report.FLOOR, "commits/s: commands committed per second; CPU us/commit: CPU time of the three processes per command");
        }
    }

    /** The grid's warm-up; hamok and Hazelcast warm up for {@code bench.timeline} seconds (if longer) to show their JIT warm-up. */
    private void warmUp(String grid, GridRunner runner) {
        report.note(grid, "load average when its warm-up began: " + loadAverage());
        boolean longer = grid.equals(Report.HAMOK) || grid.equals(Report.HAZELCAST);
        double seconds = longer ? Math.max(settings.warmup(), settings.timeline()) : settings.warmup();
        if (seconds <= 0) {
            return;
        }
        report.timeline(grid, settings.warmupThreads(), runner.timeline("put", settings.warmupThreads(), seconds, settings.slice()));
    }

    private void runCells(String grid, GridRunner runner, List<String> supported, Map<String, String> opNames) {
        for (String op : settings.ops()) {
            if (!supported.contains(op)) {
                continue;
            }
            String label = op.equals("putAll") ? "putAll(" + settings.batch() + ")" : op.equals("mix") ? "get/put 90/10"
                    : op.equals("invoke") ? "invoke (increment)" : op;
            for (int threads : settings.threads()) {
                for (int procs : settings.procs()) {
                    report.add(runner.cell(grid, label, opNames.getOrDefault(op, op), procs, threads, 0));
                }
            }
        }
    }

    /** The first process that does not lead, when the nodes say who leads; else the first. */
    private static int follower(Cluster cluster) {
        for (int i = 0; i < cluster.nodes().size(); i++) {
            Map<String, String> stats = cluster.nodes().get(i).call("stats", java.time.Duration.ofSeconds(30));
            if ("false".equals(stats.get("leader"))) {
                return i;
            }
        }
        return 0;
    }

    private static String leaders(Cluster cluster) {
        StringBuilder out = new StringBuilder();
        for (NodeProcess node : cluster.nodes()) {
            try {
                if ("true".equals(node.call("stats", java.time.Duration.ofSeconds(30)).get("leader"))) {
                    out.append(out.length() == 0 ? "" : ", ").append(node.name());
                }
            } catch (RuntimeException e) {
                out.append(out.length() == 0 ? "" : ", ").append(node.name()).append(" unreachable");
            }
        }
        return out.length() == 0 ? "none" : out.toString();
    }

    private String redis() {
        if (redisUrl == null) {
            Progress.say("starting Redis");
            redisUrl = RedisServerFixture.url();
            redis = Processes.redisServer();
        }
        return redisUrl;
    }

    private void flush() {
        if (redisUrl != null) {
            try {
                RedisServerFixture.flushAll();
            } catch (RuntimeException e) {
                Progress.say("FLUSHALL failed: %s", e.getMessage());
            }
        }
    }

    private String redisLine() {
        if (redisUrl == null) {
            return "";
        }
        return "- Redis: " + redisUrl + (redis.isPresent() ? ", a redis-server started by the benchmark (RedisServerFixture, pid "
                + redis.get().pid() + "); its CPU counts for hamok and Redisson" : " (REDIS_URL; its CPU is not counted)") + "\n";
    }

    private static boolean isOnClasspath(String className) {
        try {
            Class.forName(className, false, Benchmark.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String header(BenchSettings settings) {
        Runtime runtime = Runtime.getRuntime();
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize() >> 30;
        }
        return String.format(Locale.ROOT, "# hamok-jcache benchmark: every grid in its own processes%n%n"
                        + "- %s; %d cores, %d GiB, %s %s, Java %s; load average at the start: %s%n"
                        + "- knobs: %s%n"
                        + "- every grid: 3 JVM processes on 127.0.0.1 (-Xmx%s each), started by this orchestrator and driven over"
                        + " stdin/stdout; %,d keys, %d-byte values; each grid warms up for %s s (hamok and Hazelcast for %s s), then each cell runs %s s unmeasured"
                        + " and %s s measured%n"
                        + "- procs: how many of the grid's processes drive load at once; threads/proc: load threads in each;"
                        + " ops/s: operations completed in the measured seconds by all loaded processes; p50/p99 in microseconds%n",
                Instant.now(), runtime.availableProcessors(), memory, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), loadAverage(), settings.describe(), settings.heap(), settings.keys(),
                settings.valueBytes(), plain(settings.warmup()), plain(Math.max(settings.warmup(), settings.timeline())), plain(settings.cellWarmup()), plain(settings.seconds()));
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
