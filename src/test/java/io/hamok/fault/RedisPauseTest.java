package io.hamok.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.configuration.GridSettings;
import io.hamok.testing.PeerCluster;
import io.hamok.testing.PeerLogs;
import io.hamok.testing.PeerProcess;
import io.hamok.testing.RedisServerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis stops answering under load ({@code CLIENT PAUSE}), three peers in three JVMs.
 * <ol>
 *   <li>{@code CLIENT PAUSE WRITE} for longer than the grid's Raft retry-cache expiry, then Redis resumes:
 *       clients' retries that outlive the retry cache are appended again, and must not be applied twice
 *       (per counter, A &lt;= final &lt;= A + U), and no acknowledged write is lost.</li>
 *   <li>{@code CLIENT PAUSE ALL} for longer than 15 s (the in-memory window that earlier leaders executed from), the leader SIGKILLed late in
 *       the pause: after Redis resumes, the new leader executes what was committed, nothing acknowledged is
 *       lost and nothing is applied twice.</li>
 * </ol>
 * Knobs (system properties): {@code hamok.fault.retryCacheExpiry} — {@code auto} (default: sets the peers'
 * {@code hamok.retryCacheExpiry} to 10s only if this build's settings accept it), {@code off} (never set
 * it: the expiry is Ratis' default, 60 s), or a duration to set; {@code hamok.fault.pauseMs} (phase 1,
 * default: the expiry + 4 s); {@code hamok.fault.longPauseMs} (phase 2, default 20000);
 * {@code hamok.fault.killIntoPauseMs} (when, in phase 2, the leader is killed; default pause - 4 s).
 */
class RedisPauseTest {
    /** {@code raft.server.retrycache.expirytime}'s default in Ratis 3.2. */
    private static final Duration RATIS_RETRY_CACHE_EXPIRY = Duration.ofSeconds(60);
    private static final String RETRY_CACHE_EXPIRY = "hamok.retryCacheExpiry";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    @RegisterExtension
    final PeerLogs logs = new PeerLogs();

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void redisPaused_pastRetryCacheExpiryThenPastResultWaitWithLeaderKilled_nothingTwiceNothingLost(@TempDir Path dir) {
        String expirySetting = retryCacheExpirySetting();
        Duration expiry = expirySetting == null ? RATIS_RETRY_CACHE_EXPIRY : parse(expirySetting);
        Duration pause = Duration.ofMillis(Long.getLong("hamok.fault.pauseMs", expiry.toMillis() + 4_000));
        Duration longPause = Duration.ofMillis(Long.getLong("hamok.fault.longPauseMs", 20_000));
        Duration killInto = Duration.ofMillis(Long.getLong("hamok.fault.killIntoPauseMs", longPause.toMillis() - 4_000));
        System.out.println("[RedisPauseTest] retry-cache expiry " + expiry.toMillis() + " ms ("
                + (expirySetting == null ? "Ratis' default: " + RETRY_CACHE_EXPIRY + " not set" : RETRY_CACHE_EXPIRY + "=" + expirySetting)
                + "); pause 1 (WRITE) " + pause.toMillis() + " ms; pause 2 (ALL) " + longPause.toMillis()
                + " ms, leader killed " + killInto.toMillis() + " ms into it");
        assertTrue(pause.compareTo(expiry) > 0, "pause 1 must outlast the retry-cache expiry");

        Properties settings = Faults.settings();
        if (expirySetting != null) {
            settings.setProperty(RETRY_CACHE_EXPIRY, expirySetting);
        }
        LoadLedger ledger = new LoadLedger();
        PeerCluster cluster = logs.watch(PeerCluster.start(3, dir,
                logs.directory(getClass(), "redisPaused"), settings, ledger::accept));

        // phase 1: writes paused past the retry-cache expiry
        cluster.peers().forEach(Faults::startLoad);
        Faults.awaitAcks(ledger, cluster.peers(), 30, Faults.EVENTUALLY);
        long pausedAt = System.nanoTime();
        assertEquals("+OK", RedisServerFixture.send("CLIENT", "PAUSE", Long.toString(pause.toMillis()), "WRITE"));
        awaitRedisWritable(pause);
        System.out.println("[RedisPauseTest] phase 1: Redis writable again after " + Faults.seconds(System.nanoTime() - pausedAt) + " s");
        Faults.awaitAcks(ledger, cluster.peers(), 20, Faults.EVENTUALLY);
        System.out.println("[RedisPauseTest] phase 1: longest write pause " + Faults.seconds(
                ledger.longestPause(pausedAt - TimeUnit.SECONDS.toNanos(1), System.nanoTime()).nanos()) + " s");
        Faults.stopLoad(cluster);
        Faults.barrier(cluster, "phase1");
        List<String> phase1 = ledger.check(Faults.dump(cluster.peer(0)), "RedisPauseTest phase 1");

        // phase 2: everything paused past 15 s, the leader killed during the pause
        cluster.peers().forEach(Faults::startLoad);
        Faults.awaitAcks(ledger, cluster.peers(), 20, Faults.EVENTUALLY);
        int leader = cluster.awaitLeader(Faults.EVENTUALLY);
        PeerProcess victim = cluster.peer(leader);
        long longPausedAt = System.nanoTime();
        assertEquals("+OK", RedisServerFixture.send("CLIENT", "PAUSE", Long.toString(longPause.toMillis()), "ALL"));
        CompletableFuture.runAsync(() -> cluster.kill(leader),
                CompletableFuture.delayedExecutor(killInto.toMillis(), TimeUnit.MILLISECONDS)).join();
        System.out.println("[RedisPauseTest] phase 2: leader " + victim.id() + " killed "
                + Faults.seconds(System.nanoTime() - longPausedAt) + " s into the pause");
        awaitRedisWritable(longPause);
        System.out.println("[RedisPauseTest] phase 2: Redis writable again after " + Faults.seconds(System.nanoTime() - longPausedAt) + " s");
        List<PeerProcess> survivors = cluster.alive();
        Faults.awaitAcks(ledger, survivors, 20, Faults.EVENTUALLY);
        cluster.restart(leader);
        cluster.awaitStarted(List.of(victim));
        Faults.startLoad(victim);
        Faults.awaitAcks(ledger, cluster.peers(), 20, Faults.EVENTUALLY);
        Faults.stopLoad(cluster);
        Faults.barrier(cluster, "phase2");
        Map<String, Long> stored = Faults.dump(survivors.get(0));
        List<String> phase2 = ledger.check(stored, "RedisPauseTest phase 2");

        assertAll(
                () -> assertEquals(List.of(), phase1, "after a WRITE pause past the retry-cache expiry (see the figures printed)"),
                () -> assertEquals(List.of(), phase2, "after an ALL pause past 15 s with the leader killed (see the figures printed)"));
    }

    /** Waits until Redis executes a write again (during a pause the command blocks until the socket times out). */
    private static void awaitRedisWritable(Duration pause) {
        await("Redis accepts writes again").atMost(pause.plusSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreException(IllegalStateException.class)
                .until(() -> RedisServerFixture.send("SET", "hamok-fault-probe", "1").equals("+OK"));
    }

    /**
     * The value to give {@code hamok.retryCacheExpiry}, or null to leave it unset: unknown {@code hamok.*}
     * settings are rejected, so {@code auto} sets it only when this build's settings accept it.
     */
    private static String retryCacheExpirySetting() {
        String knob = System.getProperty("hamok.fault.retryCacheExpiry", "auto").trim();
        if (knob.equals("off")) {
            return null;
        }
        if (!knob.equals("auto")) {
            return knob;
        }
        Properties probe = new Properties();
        probe.setProperty(RETRY_CACHE_EXPIRY, "10s");
        try {
            GridSettings.parse(probe);
            return "10s";
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith(RETRY_CACHE_EXPIRY + " : "), "unexpected refusal of the probe: " + e.getMessage());
            return null;
        }
    }

    private static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Duration.parse(text.trim());
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofMillis(amount);
        };
    }
}
