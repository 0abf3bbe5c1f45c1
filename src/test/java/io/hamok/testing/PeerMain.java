package io.hamok.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import javax.cache.spi.CachingProvider;

import io.hamok.exceptions.NoLeaderException;
import io.hamok.exceptions.OutcomeUnknownException;
import io.hamok.raft.Grid;

/**
 * One grid peer in a child JVM, driven by {@link PeerProcess} through stdin and stdout (one line per
 * command or report). Usage: {@code java -cp <test class path> io.hamok.testing.PeerMain <properties file> [suffix]}.
 *
 * <p>It opens the cache manager of the file, creates the caches {@value #DATA} ({@code String -> Long}, the
 * load) and {@value #MARKS} (their names in the grid end with the optional suffix) ({@code String -> Long}, with a listener that reports every created or updated
 * entry as {@code EVT <key> <value> <CREATED|UPDATED>}), prints {@code READY <peerId>}, then obeys:
 * <ul>
 *   <li>{@code LOAD <generation> <threads> <keysPerThread> <opsPerSecondPerThread>}: starts the load. Thread
 *       {@code t} owns the keys {@code <peer>-t<t>-k<j>} and the counter {@code ctr-<peer>-t<t>}; it loops over
 *       its keys doing {@code put(k, v)}, {@code replace(k, v')}, then {@code invoke(counter, +1)}, where the
 *       values grow strictly per key ({@code generation * 10^9 + sequence}, so a restarted peer with a higher
 *       generation keeps them growing). Reports: {@code INV <counter>} before each invoke,
 *       {@code ACK <op> <key> <value> <nanoTime>} after each acknowledged write ({@code op} is {@code put},
 *       {@code replace} or {@code inc}; for {@code inc} the value is the counter's new value),
 *       {@code NOTFOUND replace <key> <value>} when replace found no entry,
 *       {@code FAIL <op> <key> <value> <unknown|noleader|other> <nanoTime> <exception class> <message>} when a
 *       call threw.</li>
 *   <li>{@code STOP <id>}: stops the load, answers {@code STOPPED <id>} when every load thread returned.</li>
 *   <li>{@code GET <id> <cache> <key>}: answers {@code VAL <id> <value or null>}.</li>
 *   <li>{@code PUT <id> <cache> <key> <value>}: answers {@code OK <id>}.</li>
 *   <li>{@code INC <id> <cache> <key>}: {@code invoke(key, +1)} (absent counts as 0), answers {@code VAL <id> <new value>}.</li>
 *   <li>{@code DUMP <id> <cache>}: answers {@code ENTRY <id> <key> <value>} per entry, then {@code END <id>}.</li>
 *   <li>{@code LEADER? <id>}: answers {@code LEADER <id> true|false}.</li>
 *   <li>{@code NEAR <id>}: answers {@code VAL <id> <hits> <misses> <invalidations>} of the data cache's near
 *       cache, or {@code VAL <id> off}.</li>
 *   <li>{@code LIN <id> <threads> <keys> <millis> <prefix>}: runs {@link RegisterLoad} on the data cache's keys
 *       {@code <prefix>-<k>} for that long,
 *       then answers {@code LINDONE <id>}.</li>
 * </ul>
 * A command that throws answers {@code ERR <id> <exception class> <message>}. Every line is printed with
 * {@code println} on {@code System.out}, which flushes: a line printed before a SIGKILL reaches the test.
 * A peer that cannot start prints {@code STARTFAILED <exception class> <message>} and the stack trace, and
 * exits with status 2.
 */
public final class PeerMain {
    /** The cache the load writes. */
    public static final String DATA = "data";
    /** The cache with a listener on every peer. */
    public static final String MARKS = "marks";
    /** Exit status of a peer that could not start. */
    public static final int START_FAILED = 2;

    private static final PrintStream OUT = System.out;
    private static final long VALUE_BASE = 1_000_000_000L;

    private final String peerId;
    private final CacheManager manager;
    private final Cache<String, Long> data;
    private final Cache<String, Long> marks;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();

    private PeerMain(String peerId, CacheManager manager, Cache<String, Long> data, Cache<String, Long> marks) {
        this.peerId = peerId;
        this.manager = manager;
        this.data = data;
        this.marks = marks;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            OUT.println("STARTFAILED java.lang.IllegalArgumentException usage: PeerMain <properties file> [cache name suffix]");
            System.exit(START_FAILED);
        }
        PeerMain peer;
        try {
            peer = start(Path.of(args[0]), args.length > 1 ? args[1] : "");
        } catch (Throwable t) {
            OUT.println("STARTFAILED " + t.getClass().getName() + " " + oneLine(t.getMessage()));
            t.printStackTrace(OUT);
            OUT.flush();
            System.exit(START_FAILED);
            return;
        }
        OUT.println("READY " + peer.peerId);
        peer.serve();
    }

    private static PeerMain start(Path file, String suffix) {
        // by name: the test class path also holds Redisson's own provider (the product jar shades it away)
        CachingProvider provider = Caching.getCachingProvider(io.hamok.jcache.spi.HamokCachingProvider.class.getName());
        CacheManager manager = provider.getCacheManager(file.toUri(), provider.getDefaultClassLoader());
        Cache<String, Long> data = manager.createCache(DATA + suffix,
                new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        Cache<String, Long> marks = manager.createCache(MARKS + suffix,
                new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        marks.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new MarkListener()), null, false, true));
        String peerId = manager.unwrap(Grid.class).localPeerId();
        return new PeerMain(peerId, manager, data, marks);
    }

    private void serve() throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        java.util.concurrent.ExecutorService commands = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "command");
            thread.setDaemon(true);
            return thread;
        });
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line;
            commands.execute(() -> handle(command));
        }
        // stdin closed: the test is gone
        System.exit(0);
    }

    /** Runs one command (commands run concurrently: a GET stuck on a paused store holds up no other). */
    private void handle(String line) {
        String[] w = line.trim().split(" ");
        try {
            switch (w[0]) {
                case "LOAD" -> startLoad(Long.parseLong(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                        Double.parseDouble(w[4]));
                case "STOP" -> {
                    stopLoad();
                    OUT.println("STOPPED " + w[1]);
                }
                case "GET" -> OUT.println("VAL " + w[1] + " " + cache(w[2]).get(w[3]));
                case "PUT" -> {
                    cache(w[2]).put(w[3], Long.parseLong(w[4]));
                    OUT.println("OK " + w[1]);
                }
                case "INC" -> OUT.println("VAL " + w[1] + " " + cache(w[2]).invoke(w[3], new Increment()));
                case "DUMP" -> {
                    Iterator<Cache.Entry<String, Long>> entries = cache(w[2]).iterator();
                    while (entries.hasNext()) {
                        Cache.Entry<String, Long> entry = entries.next();
                        OUT.println("ENTRY " + w[1] + " " + entry.getKey() + " " + entry.getValue());
                    }
                    OUT.println("END " + w[1]);
                }
                case "LEADER?" -> OUT.println("LEADER " + w[1] + " " + manager.unwrap(Grid.class).isLeader());
                case "NEAR" -> {
                    io.hamok.map.NearCacheStatistics stats = data.unwrap(io.hamok.jcache.HamokCache.class).nearCacheStatistics();
                    OUT.println("VAL " + w[1] + " " + (stats == null ? "off" : stats.hits() + " " + stats.misses() + " " + stats.invalidations()));
                }
                case "LIN" -> {
                    new RegisterLoad(peerId, data, w[5]).run(Integer.parseInt(w[2]), Integer.parseInt(w[3]), Long.parseLong(w[4]));
                    OUT.println("LINDONE " + w[1]);
                }
                case "EXIT" -> {
                    stopLoad();
                    manager.close();
                    OUT.println("BYE");
                    System.exit(0);
                }
                default -> OUT.println("ERR " + (w.length > 1 ? w[1] : "-") + " java.lang.IllegalArgumentException unknown command: " + line);
            }
        } catch (RuntimeException e) {
            OUT.println("ERR " + (w.length > 1 ? w[1] : "-") + " " + e.getClass().getName() + " " + oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            OUT.println("ERR " + (w.length > 1 ? w[1] : "-") + " " + e.getClass().getName() + " interrupted");
        }
    }

    private Cache<String, Long> cache(String name) {
        return switch (name) {
            case DATA -> data;
            case MARKS -> marks;
            default -> throw new IllegalArgumentException("no cache " + name);
        };
    }

    private synchronized void startLoad(long generation, int threads, int keysPerThread, double opsPerSecond) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("load already running");
        }
        for (int t = 0; t < threads; t++) {
            String prefix = peerId + "-t" + t;
            Thread worker = new Thread(() -> load(prefix, generation, keysPerThread, opsPerSecond), "load-" + prefix);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private synchronized void stopLoad() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        workers.clear();
    }

    private void load(String prefix, long generation, int keysPerThread, double opsPerSecond) {
        String counter = "ctr-" + prefix;
        long sequence = 0;
        long interval = opsPerSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / opsPerSecond) : 0;
        long next = System.nanoTime();
        Increment increment = new Increment();
        while (running.get()) {
            for (int j = 0; j < keysPerThread && running.get(); j++) {
                String key = prefix + "-k" + j;
                long put = generation * VALUE_BASE + ++sequence;
                next = pace(next, interval);
                try {
                    data.put(key, put);
                    ack("put", key, put);
                } catch (RuntimeException e) {
                    fail("put", key, put, e);
                }
                long replaced = generation * VALUE_BASE + ++sequence;
                next = pace(next, interval);
                try {
                    if (data.replace(key, replaced)) {
                        ack("replace", key, replaced);
                    } else {
                        OUT.println("NOTFOUND replace " + key + " " + replaced);
                    }
                } catch (RuntimeException e) {
                    fail("replace", key, replaced, e);
                }
                next = pace(next, interval);
                OUT.println("INV " + counter);
                try {
                    Long value = data.invoke(counter, increment);
                    ack("inc", counter, value);
                } catch (RuntimeException e) {
                    fail("inc", counter, 0, e);
                }
            }
        }
    }

    private static long pace(long next, long interval) {
        if (interval <= 0) {
            return next;
        }
        long now = System.nanoTime();
        if (next - now > 0) {
            LockSupport.parkNanos(next - now);
            return next + interval;
        }
        // behind (a stall): start pacing again from now instead of bursting to catch up
        return now + interval;
    }

    private static void ack(String op, String key, long value) {
        OUT.println("ACK " + op + " " + key + " " + value + " " + System.nanoTime());
    }

    private static void fail(String op, String key, long value, RuntimeException e) {
        String kind = e instanceof OutcomeUnknownException ? "unknown" : e instanceof NoLeaderException ? "noleader" : "other";
        OUT.println("FAIL " + op + " " + key + " " + value + " " + kind + " " + System.nanoTime() + " "
                + e.getClass().getName() + " " + oneLine(e.getMessage()));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }

    /** Adds one to a {@code Long} counter (absent counts as 0) and returns the new value. */
    static final class Increment implements EntryProcessor<String, Long, Long> {
        @Override
        public Long process(MutableEntry<String, Long> entry, Object... arguments) {
            long value = entry.exists() ? entry.getValue() + 1 : 1;
            entry.setValue(value);
            return value;
        }
    }

    /** Reports the marks' created and updated entries. */
    static final class MarkListener implements CacheEntryCreatedListener<String, Long>,
            CacheEntryUpdatedListener<String, Long>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Long>> events) {
            report(events);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Long>> events) {
            report(events);
        }

        private static void report(Iterable<CacheEntryEvent<? extends String, ? extends Long>> events) {
            for (CacheEntryEvent<? extends String, ? extends Long> event : events) {
                OUT.println("EVT " + event.getKey() + " " + event.getValue() + " " + event.getEventType());
            }
        }
    }
}
