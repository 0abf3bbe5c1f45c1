package io.hamok.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writes the peers acknowledged ({@code ACK <op> <key> <value> <nanoTime>}) and the calls that failed
 * ({@code FAIL ...}), and the check made at the end: every key holds its last acknowledged value or a later
 * one (a key's values only grow), every counter at least its last acknowledged count.
 */
final class AckLedger {
    private final Map<String, Long> highest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> acksByOp = new ConcurrentHashMap<>();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastAckAt;

    /** Takes one report line of a peer; ignores what is not {@code ACK} or {@code FAIL}. */
    void accept(String line) {
        String[] w = line.split(" ");
        if (w[0].equals("ACK") && w.length >= 4) {
            highest.merge(w[2], Long.parseLong(w[3]), Math::max);
            acksByOp.computeIfAbsent(w[1], op -> new AtomicLong()).incrementAndGet();
            acks.incrementAndGet();
            lastAckAt = System.nanoTime();
        } else if (w[0].equals("FAIL")) {
            failures.incrementAndGet();
        }
    }

    long acks() {
        return acks.get();
    }

    long failures() {
        return failures.get();
    }

    /** When the last acknowledgement arrived ({@link System#nanoTime()}), or 0. */
    long lastAckAt() {
        return lastAckAt;
    }

    /** Acknowledged writes by operation, e.g. {@code {inc=120, put=130, replace=130}}. */
    Map<String, Long> acksByOp() {
        Map<String, Long> counts = new TreeMap<>();
        acksByOp.forEach((op, count) -> counts.put(op, count.get()));
        return counts;
    }

    /** The keys whose stored value is below the last acknowledged one, with both values. */
    Map<String, String> lost(Map<String, Long> stored) {
        Map<String, String> lost = new TreeMap<>();
        highest.forEach((key, acked) -> {
            Long value = stored.get(key);
            if (value == null || value < acked) {
                lost.put(key, "acknowledged " + acked + ", stored " + value);
            }
        });
        return lost;
    }

    /** How many keys were acknowledged at least once. */
    int keys() {
        return highest.size();
    }
}
