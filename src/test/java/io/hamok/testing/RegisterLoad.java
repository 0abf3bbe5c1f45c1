package io.hamok.testing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Concurrent get, put, replace and invoke on a few shared keys ({@code <prefix>-<k>}), every call reported with
 * its start and end so that the test can search each key's history for a linearization. Lines:
 * {@code HB <op> <key> <kind> <start> <expected> <value>} before a write (a peer killed mid-call leaves
 * it open), {@code HE <op> <key> <kind> <start> <end> <expected> <value> <ok>} when a call returned,
 * {@code HF <op>} when it threw (its outcome unknown). Kinds: R (read, value read), W (put), C (replace
 * from expected to value), I (invoke: add one, or 0 when absent; value is the new value).
 */
final class RegisterLoad {
    private static final PrintStream OUT = System.out;
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Tells a restarted peer's calls from those its killed process left open. */
    private static final long INCARNATION = ProcessHandle.current().pid();

    private final String peerId;
    private final Cache<String, Long> data;
    private final String prefix;

    RegisterLoad(String peerId, Cache<String, Long> data, String prefix) {
        this.peerId = peerId;
        this.data = data;
        this.prefix = prefix;
    }

    void run(int threads, int keys, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> loop(thread, keys, until), "register-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private void loop(int thread, int keys, long until) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Long lastRead = null;
        while (System.nanoTime() < until) {
            String key = prefix + "-" + random.nextInt(keys);
            String op = peerId + "." + INCARNATION + "." + thread + "." + SEQUENCE.incrementAndGet();
            int choice = random.nextInt(10);
            long start = System.nanoTime();
            try {
                if (choice < 5) {
                    Long value = data.get(key);
                    OUT.println("HE " + op + " " + key + " R " + start + " " + System.nanoTime() + " null " + value + " true");
                    lastRead = value;
                } else if (choice < 7) {
                    long value = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 4) * 1000;
                    OUT.println("HB " + op + " " + key + " W " + start + " null " + value);
                    data.put(key, value);
                    OUT.println("HE " + op + " " + key + " W " + start + " " + System.nanoTime() + " null " + value + " true");
                } else if (choice < 8 && lastRead != null) {
                    long value = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 4) * 1000;
                    OUT.println("HB " + op + " " + key + " C " + start + " " + lastRead + " " + value);
                    boolean ok = data.replace(key, lastRead, value);
                    OUT.println("HE " + op + " " + key + " C " + start + " " + System.nanoTime() + " " + lastRead + " " + value + " " + ok);
                } else {
                    OUT.println("HB " + op + " " + key + " I " + start + " null null");
                    long value = data.invoke(key, new AddOne());
                    OUT.println("HE " + op + " " + key + " I " + start + " " + System.nanoTime() + " null " + value + " true");
                }
            } catch (RuntimeException e) {
                OUT.println("HF " + op + " " + e.getClass().getSimpleName());
            }
        }
    }

    /** Adds one, or sets 0 when absent; returns the new value. */
    static final class AddOne implements EntryProcessor<String, Long, Long> {
        @Override
        public Long process(MutableEntry<String, Long> entry, Object... arguments) {
            long next = entry.exists() ? entry.getValue() + 1 : 0;
            entry.setValue(next);
            return next;
        }
    }
}
