package io.hamok.demo;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerMain;
import io.hamok.testing.PeerProcess;
import io.hamok.testing.RedisServerFixture;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The main job a newcomer runs ({@code mvn -B -q test-compile exec:exec}): a real Redis and three peer
 * processes, each an application JVM with a JCache {@code CacheManager} of its own properties file. It makes
 * JCache calls from different peers while a listener on every peer prints what it sees, puts all three
 * peers under write load, kills the leader with SIGKILL, keeps writing, and finally reads every
 * acknowledged key back. Exits 0 when no acknowledged write was lost, 1 otherwise.
 */
public final class Demo {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
    private static final int LOAD_THREADS = 2;
    private static final int KEYS_PER_THREAD = 6;
    private static final int CALLS_PER_SECOND_PER_THREAD = 25;

    private final PrintStream out;
    private final AckLedger ledger = new AckLedger();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<Long> ackTimes = java.util.Collections.synchronizedList(new ArrayList<>());

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new Demo(System.out).run() ? 0 : 1;
        } catch (Throwable t) {
            System.out.println();
            System.out.println("The demo failed: " + t);
            t.printStackTrace(System.out);
            status = 2;
        }
        System.exit(status);
    }

    /** Runs the demo, printing to {@code out}; true when no acknowledged write was lost. */
    boolean run() throws Exception {
        long start = System.nanoTime();
        say("hamok-jcache: three instances of an application, each a JVM with a JCache CacheManager,");
        say("form one Raft group; the caches live in Redis, and only the leader writes to it.");
        section("Setting up");
        String redis = RedisServerFixture.url();
        say("Redis at " + redis + (System.getenv("REDIS_URL") == null ? " (a redis-server started for this demo)" : " (REDIS_URL)"));
        Path dir = Files.createTempDirectory("hamok-demo");
        Properties settings = new Properties();
        settings.setProperty("hamok.store", "redis");
        settings.setProperty("hamok.redis.url", redis);
        settings.setProperty("hamok.requestTimeout", "5s");
        settings.setProperty("hamok.startTimeout", "60s");
        say("Starting peers p0, p1 and p2 as child JVMs. Each opens the cache manager of its own file:");
        say("    hamok.peers=p0@127.0.0.1:<port>,p1@...,p2@...   hamok.localPeerId=p<i>   hamok.store=redis");
        long starting = System.nanoTime();
        try (PeerCluster cluster = PeerCluster.start(3, dir, dir.resolve("logs"), settings, this::report)) {
            int leader = cluster.awaitLeader(CALL_TIMEOUT);
            say("All three ready after " + seconds(System.nanoTime() - starting) + " s; the leader is " + cluster.peer(leader).id()
                    + ". Peer logs: " + dir.resolve("logs"));
            jcacheCalls(cluster);
            PeerProcess victim = loadAndKillTheLeader(cluster);
            return readBack(cluster, victim, start);
        }
    }

    private void jcacheCalls(PeerCluster cluster) throws InterruptedException {
        section("JCache calls from different peers; a CacheEntryListener on every peer prints what it sees");
        say("p0  marks.put(\"visits\", 1)");
        call(cluster.peer(0), "PUT", "visits 1");
        printEvents("visits", "1");
        say("p1  marks.invoke(\"visits\", entry -> entry.setValue(entry.getValue() + 1))  returns "
                + call(cluster.peer(1), "INC", "visits"));
        say("    (an EntryProcessor: an atomic read-modify-write, applied once by the leader whoever calls it)");
        printEvents("visits", "2");
        say("p2  marks.get(\"visits\")  returns " + call(cluster.peer(2), "GET", "visits"));
    }

    private PeerProcess loadAndKillTheLeader(PeerCluster cluster) throws InterruptedException {
        section("Writes from all three peers, then SIGKILL for the leader");
        say("Each peer runs " + LOAD_THREADS + " threads that loop put(k, v), replace(k, v'), invoke(counter, +1) on its own keys");
        say("(about " + LOAD_THREADS * CALLS_PER_SECOND_PER_THREAD + " calls/s per peer); every call that returns is an acknowledged write.");
        for (PeerProcess peer : cluster.peers()) {
            peer.send("LOAD 1 " + LOAD_THREADS + " " + KEYS_PER_THREAD + " " + CALLS_PER_SECOND_PER_THREAD);
        }
        awaitAcks(150, "the first writes");
        say("    " + ledger.acks() + " writes acknowledged so far");
        int leader = cluster.awaitLeader(CALL_TIMEOUT);
        PeerProcess victim = cluster.peer(leader);
        say("kill -9 " + victim.pid() + "   (" + victim.id() + ", the leader, in the middle of its own writes and of everybody's commits)");
        long killedAt = System.nanoTime();
        cluster.kill(leader);
        long acksAtKill = ledger.acks();
        awaitAcks(acksAtKill + 20, "the survivors' writes after the kill");
        int newLeader = cluster.awaitLeader(CALL_TIMEOUT);
        say("    " + cluster.peer(newLeader).id() + " leads now; the longest pause between two acknowledged writes around the kill: "
                + seconds(longestPause(killedAt - TimeUnit.SECONDS.toNanos(1))) + " s");
        say("    the survivors keep writing ...");
        Thread.sleep(4_000);
        List<CompletableFuture<List<String>>> stopped = cluster.alive().stream().map(peer -> peer.request("STOP", "")).toList();
        CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        Map<String, Long> byOp = ledger.acksByOp();
        say("    writes stopped: " + ledger.acks() + " acknowledged (" + byOp.getOrDefault("put", 0L) + " put, "
                + byOp.getOrDefault("replace", 0L) + " replace, " + byOp.getOrDefault("inc", 0L) + " invoke)");
        if (ledger.failures() > 0) {
            say("    " + ledger.failures() + " calls threw instead (NoLeaderException or OutcomeUnknownException while the leader was"
                    + " gone); the caller was told, so they are not counted as acknowledged");
        }
        return victim;
    }

    private boolean readBack(PeerCluster cluster, PeerProcess victim, long start) {
        section("Reading every acknowledged key back");
        // one write through each survivor: once acknowledged, everything committed before it is in Redis
        for (PeerProcess peer : cluster.alive()) {
            call(peer, "PUT", "barrier-" + peer.id() + " 1");
        }
        PeerProcess reader = cluster.alive().get(0);
        Map<String, Long> stored = new HashMap<>();
        for (String entry : reader.request("DUMP", PeerMain.DATA).orTimeout(60, TimeUnit.SECONDS).join()) {
            String[] kv = entry.split(" ");
            stored.put(kv[0], kv[1].equals("null") ? null : Long.parseLong(kv[1]));
        }
        Map<String, String> lost = ledger.lost(stored);
        say(reader.id() + " reads " + stored.size() + " entries; " + ledger.keys() + " keys and counters had acknowledged writes, "
                + victim.id() + "'s among them.");
        say("Each must hold its last acknowledged value or a later one (a key's values only grow; a counter counts up).");
        if (lost.isEmpty()) {
            say("Lost acknowledged writes: 0 of " + ledger.acks() + ".");
        } else {
            say("LOST acknowledged writes on " + lost.size() + " keys: " + lost);
        }
        say("Done in " + seconds(System.nanoTime() - start) + " s.");
        return lost.isEmpty();
    }

    /** Every report line of every peer: listener events are queued, load reports go to the ledger. */
    private void report(PeerProcess peer, String line) {
        if (line.startsWith("EVT ")) {
            events.add(peer.id() + " " + line);
        } else if (line.startsWith("ACK ")) {
            ledger.accept(line);
            ackTimes.add(System.nanoTime());
        } else if (line.startsWith("FAIL ")) {
            ledger.accept(line);
        }
    }

    /** Prints the three peers' events for {@code key=value}, waiting for them a few seconds. */
    private void printEvents(String key, String value) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (seen.size() < 3) {
            String event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            String[] w = event.split(" ");
            if (w[2].equals(key) && w[3].equals(value)) {
                seen.add("    " + w[0] + "'s listener: " + (w.length > 4 ? w[4] : "event") + " " + key + "=" + value);
            }
        }
        seen.stream().sorted().forEach(this::say);
        if (seen.size() < 3) {
            say("    (only " + seen.size() + " of 3 listeners reported within " + EVENT_WAIT.toSeconds() + " s)");
        }
    }

    private static String call(PeerProcess peer, String verb, String args) {
        return peer.call(verb, PeerMain.MARKS + " " + args, CALL_TIMEOUT);
    }

    private void awaitAcks(long count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (ledger.acks() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + CALL_TIMEOUT.toSeconds() + " s for " + what + ": "
                        + ledger.acks() + " of " + count + " acknowledged");
            }
            Thread.sleep(50);
        }
    }

    private long longestPause(long from) {
        long longest = 0;
        long previous = from;
        synchronized (ackTimes) {
            for (long at : ackTimes) {
                if (at >= from) {
                    longest = Math.max(longest, at - previous);
                    previous = at;
                }
            }
        }
        return longest;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private void say(String line) {
        out.println(line);
    }
}
