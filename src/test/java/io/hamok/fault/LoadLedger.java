package io.hamok.fault;

import io.hamok.testing.PeerProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the peers reported about the load ({@code ACK}, {@code INV}, {@code FAIL}, {@code NOTFOUND},
 * {@code EVT}), and the checks made from it at the end of a test:
 * <ul>
 *   <li>per data key (one writer, strictly growing values): the stored value is at least the last
 *       acknowledged one;</li>
 *   <li>per counter: with A acknowledged increments and U increments whose outcome is unknown (calls that
 *       ended in {@code OutcomeUnknownException} or any exception that does not say "not applied", and
 *       calls still in flight when their peer was killed), A &lt;= stored &lt;= A + U.</li>
 * </ul>
 */
final class LoadLedger {
    /** Exceptions that say the write was not applied. */
    private static final List<String> NOT_APPLIED = List.of("io.hamok.exceptions.NoLeaderException");
    /** Exceptions that may be thrown by a write, as documented (GUARANTEES.md). */
    private static final List<String> DOCUMENTED = List.of("io.hamok.exceptions.NoLeaderException",
            "io.hamok.exceptions.OutcomeUnknownException");

    private final Map<String, Long> lastAcked = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> acksPerPeer = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failuresByClass = new ConcurrentHashMap<>();
    private final Map<String, List<String>> eventsPerPeer = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Ack> latestWrite = new AtomicReference<>();
    private final Object timesLock = new Object();
    private long[] ackTimes = new long[1 << 14];
    private int ackCount;

    /** One acknowledged put or replace. */
    record Ack(String peer, String key, long value, long nanoTime) {}

    private static final class Counter {
        long started;
        long acked;
        long lastValue;
        long notApplied;
        long unknownExceptions;
        long otherExceptions;
    }

    /** The sink to give the cluster. */
    void accept(PeerProcess peer, String line) {
        String[] w = line.split(" ", 8);
        switch (w[0]) {
            case "ACK" -> ack(peer.id(), w[1], w[2], Long.parseLong(w[3]), Long.parseLong(w[4]));
            case "INV" -> {
                Counter counter = counter(w[1]);
                synchronized (counter) {
                    counter.started++;
                }
            }
            case "FAIL" -> fail(w);
            case "NOTFOUND" -> {
                Long acked = lastAcked.get(w[2]);
                if (acked != null) {
                    violations.add("replace(" + w[2] + ", " + w[3] + ") on " + peer.id()
                            + " found no entry, but value " + acked + " of that key was acknowledged before");
                }
            }
            case "EVT" -> eventsPerPeer.computeIfAbsent(peer.id(), id -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(w[1] + "=" + w[2]);
            default -> {
                // other output of the child (logging on stdout) is only logged
            }
        }
    }

    private void ack(String peer, String op, String key, long value, long nanoTime) {
        acksPerPeer.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
        synchronized (timesLock) {
            if (ackCount == ackTimes.length) {
                ackTimes = Arrays.copyOf(ackTimes, ackCount * 2);
            }
            ackTimes[ackCount++] = nanoTime;
        }
        if (op.equals("inc")) {
            Counter counter = counter(key);
            synchronized (counter) {
                counter.acked++;
                counter.lastValue = value;
            }
            return;
        }
        lastAcked.merge(key, value, Math::max);
        latestWrite.set(new Ack(peer, key, value, nanoTime));
    }

    private void fail(String[] w) {
        // FAIL <op> <key> <value> <kind> <nanoTime> <class> <message>
        String exceptionClass = w.length > 6 ? w[6] : "?";
        failuresByClass.computeIfAbsent(exceptionClass, c -> new AtomicLong()).incrementAndGet();
        if (!DOCUMENTED.contains(exceptionClass)) {
            violations.add(w[1] + " " + w[2] + " failed with " + exceptionClass + " (" + (w.length > 7 ? w[7] : "")
                    + "): neither OutcomeUnknownException (outcome unknown) nor NoLeaderException (not applied)");
        }
        if (w[1].equals("inc")) {
            Counter counter = counter(w[2]);
            synchronized (counter) {
                if (NOT_APPLIED.contains(exceptionClass)) {
                    counter.notApplied++;
                } else if (exceptionClass.equals("io.hamok.exceptions.OutcomeUnknownException")) {
                    counter.unknownExceptions++;
                } else {
                    counter.otherExceptions++;
                }
            }
        }
    }

    private Counter counter(String key) {
        return counters.computeIfAbsent(key, k -> new Counter());
    }

    long acks(String peer) {
        AtomicLong count = acksPerPeer.get(peer);
        return count == null ? 0 : count.get();
    }

    /** The latest acknowledged put or replace, or null. */
    Ack latestWrite() {
        return latestWrite.get();
    }

    List<String> events(String peer) {
        List<String> events = eventsPerPeer.get(peer);
        return events == null ? List.of() : List.copyOf(events);
    }

    Map<String, Long> failuresByClass() {
        Map<String, Long> copy = new TreeMap<>();
        failuresByClass.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** The longest gap between two consecutive acknowledged writes (any peer) within [from, to], in ns. */
    Gap longestPause(long from, long to) {
        long[] times;
        synchronized (timesLock) {
            times = Arrays.copyOf(ackTimes, ackCount);
        }
        Arrays.sort(times);
        Gap longest = new Gap(0, from, from);
        long previous = Long.MIN_VALUE;
        for (long t : times) {
            if (t - from < 0 || t - to > 0) {
                continue;
            }
            if (previous != Long.MIN_VALUE && t - previous > longest.nanos()) {
                longest = new Gap(t - previous, previous, t);
            }
            previous = t;
        }
        return longest;
    }

    /** A pause between two acknowledged writes. */
    record Gap(long nanos, long start, long end) {}

    long totalAcks() {
        synchronized (timesLock) {
            return ackCount;
        }
    }

    /**
     * Checks the stored entries (key to value, from a DUMP) against the acknowledged writes; returns the
     * problems found, and prints the counters' figures.
     */
    List<String> check(Map<String, Long> stored, String label) {
        List<String> problems = new ArrayList<>(violations());
        int keys = 0;
        for (Map.Entry<String, Long> acked : new TreeMap<>(lastAcked).entrySet()) {
            keys++;
            Long value = stored.get(acked.getKey());
            if (value == null || value < acked.getValue()) {
                problems.add("key " + acked.getKey() + ": stored " + value + " < last acknowledged " + acked.getValue()
                        + " (an acknowledged write was lost)");
            }
        }
        long totalA = 0;
        long totalU = 0;
        long totalFinal = 0;
        for (Map.Entry<String, Counter> entry : new TreeMap<>(counters).entrySet()) {
            Counter c = entry.getValue();
            long a;
            long u;
            long unknownExceptions;
            long inFlight;
            long other;
            synchronized (c) {
                a = c.acked;
                unknownExceptions = c.unknownExceptions;
                other = c.otherExceptions;
                inFlight = c.started - c.acked - c.notApplied - c.unknownExceptions - c.otherExceptions;
                u = c.started - c.acked - c.notApplied;
            }
            Long stored0 = stored.get(entry.getKey());
            long found = stored0 == null ? 0 : stored0;
            totalA += a;
            totalU += u;
            totalFinal += found;
            String figures = entry.getKey() + ": A=" + a + " U=" + u + " (OutcomeUnknown " + unknownExceptions
                    + ", other exceptions " + other + ", in flight at a kill " + inFlight + ") final=" + found;
            System.out.println("[" + label + "] " + figures);
            if (found < a || found > a + u) {
                problems.add("counter " + figures + ": expected A <= final <= A + U ("
                        + (found < a ? "an acknowledged increment was lost" : "an increment was applied twice") + ")");
            }
        }
        System.out.println("[" + label + "] " + keys + " keys with acknowledged writes; increments: A=" + totalA + " U="
                + totalU + " final=" + totalFinal + "; acknowledged writes " + totalAcks() + "; failures by class "
                + failuresByClass());
        return problems;
    }
}
