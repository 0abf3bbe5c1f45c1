package io.hamok.fault;

import static org.awaitility.Awaitility.await;

import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerMain;
import io.hamok.testing.PeerProcess;
import io.hamok.testing.RedisServerFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fault tests share: the peers' settings, the load and its knobs, and the end-of-test reads.
 *
 * <p>Knobs (system properties): {@code hamok.fault.requestTimeout} (the peers' {@code hamok.requestTimeout},
 * default {@code 5s}), {@code hamok.fault.threads} (load threads per peer, default 2),
 * {@code hamok.fault.keys} (keys per thread, default 4), {@code hamok.fault.rate} (operations per second per
 * thread, default 40).
 */
final class Faults {
    static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private Faults() {}

    /** The settings every peer of a fault test shares. */
    static Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("hamok.store", "redis");
        settings.setProperty("hamok.redis.url", RedisServerFixture.url());
        settings.setProperty("hamok.requestTimeout", System.getProperty("hamok.fault.requestTimeout", "5s"));
        settings.setProperty("hamok.startTimeout", "60s");
        return settings;
    }

    /** Starts the load on a peer, with a generation above every earlier one (values of a key keep growing). */
    static void startLoad(PeerProcess peer) {
        peer.send("LOAD " + GENERATIONS.incrementAndGet() + " " + Integer.getInteger("hamok.fault.threads", 2) + " "
                + Integer.getInteger("hamok.fault.keys", 4) + " " + System.getProperty("hamok.fault.rate", "40"));
    }

    /** Stops the load on every running peer and waits until every load call returned. */
    static void stopLoad(PeerCluster cluster) {
        List<CompletableFuture<List<String>>> stopped = cluster.alive().stream().map(peer -> peer.request("STOP", "")).toList();
        CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** Waits until each of these peers acknowledged at least {@code more} writes beyond what it had now. */
    static void awaitAcks(LoadLedger ledger, List<PeerProcess> peers, int more, Duration atMost) {
        for (PeerProcess peer : peers) {
            long from = ledger.acks(peer.id());
            await(peer.id() + " acknowledges " + more + " more writes").atMost(atMost)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ledger.acks(peer.id()) >= from + more);
        }
    }

    /**
     * A write through every running peer, waited for: the leader executes in log order, so once these are
     * acknowledged every entry committed before them has been applied to the store.
     */
    static void barrier(PeerCluster cluster, String name) {
        for (PeerProcess peer : cluster.alive()) {
            peer.call("PUT", PeerMain.MARKS + " " + name + "-" + peer.id() + " 1", PeerCluster.REQUEST_TIMEOUT);
        }
    }

    /** Every entry of the data cache, read through this peer. */
    static Map<String, Long> dump(PeerProcess peer) {
        Map<String, Long> entries = new HashMap<>();
        for (String entry : peer.request("DUMP", PeerMain.DATA).orTimeout(60, TimeUnit.SECONDS).join()) {
            String[] kv = entry.split(" ");
            entries.put(kv[0], kv[1].equals("null") ? null : Long.parseLong(kv[1]));
        }
        return entries;
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }
}
