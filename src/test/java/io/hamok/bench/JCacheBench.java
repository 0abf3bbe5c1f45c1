package io.hamok.bench;

import io.hamok.testing.RedisServerFixture;
import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import javax.cache.spi.CachingProvider;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * Part B: the same JCache workload against our provider (three cache managers in this JVM, one grid
 * of three peers over Redis) and Redisson's own JCache on the same Redis.
 */
final class JCacheBench {
    static final String HAMOK_PROVIDER = "io.hamok.jcache.spi.HamokCachingProvider";
    static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";
    private static final int HAMOK_PEERS = 3;

    /** The JCache operations measured. */
    enum CacheOp {
        MIX("get/put 90/10"), PUT("put"), PUT_ALL("putAll"), GET_ALL("getAll"), INVOKE("invoke (increment)");

        final String label;

        CacheOp(String label) {
            this.label = label;
        }
    }

    /** The caches of one provider: one per load thread (round-robin over cache managers). */
    record Caches(List<Cache<String, byte[]>> values, List<Cache<String, Long>> counters) {}

    record CacheCell(String provider, CacheOp op, int threads, LoadDriver.Result result) {}

    /** Increments a Long counter; serializable in case a provider ships it. */
    static final class Increment implements EntryProcessor<String, Long, Long>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Long process(MutableEntry<String, Long> entry, Object... arguments) {
            long next = entry.exists() ? entry.getValue() + 1 : 1;
            entry.setValue(next);
            return next;
        }
    }

    private final BenchSettings settings;
    private final Dataset data;
    private final List<CacheCell> cells = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    JCacheBench(BenchSettings settings, Dataset data) {
        this.settings = settings;
        this.data = data;
    }

    void run() throws Exception {
        RedisServerFixture.flushAll();
        runHamok();
        RedisServerFixture.flushAll();
        runRedisson();
    }

    private void runHamok() throws Exception {
        Progress.say("part B: starting %d hamok cache managers", HAMOK_PEERS);
        Path dir = Files.createTempDirectory("hamok-bench-jcache");
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < HAMOK_PEERS; i++) {
            peers.append(i == 0 ? "" : ",").append("p").append(i).append("@127.0.0.1:").append(TestGrid.freePort());
        }
        List<CacheManager> managers = new ArrayList<>();
        ExecutorService starter = Executors.newFixedThreadPool(HAMOK_PEERS);
        try {
            for (int i = 0; i < HAMOK_PEERS; i++) {
                Properties properties = new Properties();
                properties.setProperty("hamok.peers", peers.toString());
                properties.setProperty("hamok.localPeerId", "p" + i);
                properties.setProperty("hamok.store", "redis");
                properties.setProperty("hamok.redis.url", RedisServerFixture.url());
                Path file = dir.resolve("peer-p" + i + ".properties");
                try (Writer out = Files.newBufferedWriter(file)) {
                    properties.store(out, "hamok benchmark peer p" + i);
                }
                CachingProvider provider = Caching.getCachingProvider(HAMOK_PROVIDER);
                managers.add(provider.getCacheManager(file.toUri(), provider.getDefaultClassLoader()));
            }
            notes.add("hamok: " + HAMOK_PEERS + " CacheManagers in this JVM (" + peers + "), each configured by a properties"
                    + " file URI: hamok.peers, hamok.localPeerId, hamok.store=redis, hamok.redis.url, every other setting"
                    + " default (Java-serialization codec); load thread i uses manager p(i mod " + HAMOK_PEERS + ")");
            // each manager's first createCache starts its peer and waits for a leader: start them together
            // (not on the common pool: on 2 cores it has one thread and would start them one after the other)
            List<CompletableFuture<Caches>> created = new ArrayList<>();
            for (CacheManager manager : managers) {
                created.add(CompletableFuture.supplyAsync(() -> createCaches(manager, plain(String.class, byte[].class),
                        plain(String.class, Long.class)), starter));
            }
            List<Cache<String, byte[]>> values = new ArrayList<>();
            List<Cache<String, Long>> counters = new ArrayList<>();
            for (CompletableFuture<Caches> future : created) {
                Caches caches = future.get(90, TimeUnit.SECONDS);
                values.addAll(caches.values());
                counters.addAll(caches.counters());
            }
            runAll("hamok", new Caches(values, counters));
        } finally {
            starter.shutdownNow();
            // close in parallel: a peer takes about a second to stop
            List<Thread> closers = new ArrayList<>();
            for (CacheManager manager : managers) {
                Thread closer = new Thread(() -> closeQuietly(manager), "bench-close");
                closer.start();
                closers.add(closer);
            }
            for (Thread closer : closers) {
                closer.join(30_000);
            }
        }
    }

    private void runRedisson() throws Exception {
        Progress.say("part B: Redisson JCache");
        Config config = new Config();
        config.useSingleServer().setAddress(RedisServerFixture.url());
        RedissonClient client = Redisson.create(config);
        CachingProvider provider = Caching.getCachingProvider(REDISSON_PROVIDER);
        try {
            CacheManager manager = provider.getCacheManager();
            Cache<String, byte[]> values = manager.createCache("bench",
                    RedissonConfiguration.fromInstance(client, plain(String.class, byte[].class)));
            Cache<String, Long> counters = manager.createCache("counters",
                    RedissonConfiguration.fromInstance(client, plain(String.class, Long.class)));
            notes.add("redisson: org.redisson.jcache.JCachingProvider, one CacheManager, caches from"
                    + " RedissonConfiguration.fromInstance(client with Redisson's default Config, codec "
                    + client.getConfig().getCodec().getClass().getSimpleName() + ", single server on the same Redis)");
            runAll("redisson", new Caches(List.of(values), List.of(counters)));
            manager.close();
        } finally {
            provider.close();
            client.shutdown();
        }
    }

    private static <K, V> MutableConfiguration<K, V> plain(Class<K> keyType, Class<V> valueType) {
        return new MutableConfiguration<K, V>().setTypes(keyType, valueType);
    }

    private static Caches createCaches(CacheManager manager, Configuration<String, byte[]> values,
                                       Configuration<String, Long> counters) {
        return new Caches(List.of(manager.createCache("bench", values)), List.of(manager.createCache("counters", counters)));
    }

    private void runAll(String provider, Caches caches) {
        preload(caches);
        for (CacheOp op : CacheOp.values()) {
            for (int threads : settings.threads()) {
                Progress.say("part B: %s %s x%d", provider, op.label, threads);
                cells.add(new CacheCell(provider, op, threads,
                        settings.driver().run(threads, load(op, caches), () -> {}, () -> {})));
            }
        }
    }

    private void preload(Caches caches) {
        Cache<String, byte[]> values = caches.values().get(0);
        Cache<String, Long> counters = caches.counters().get(0);
        for (int from = 0; from < data.size(); from += settings.batch()) {
            Map<String, byte[]> chunk = new LinkedHashMap<>();
            Map<String, Long> zeros = new LinkedHashMap<>();
            for (int i = from; i < Math.min(data.size(), from + settings.batch()); i++) {
                chunk.put(data.key(i), data.value(i));
                zeros.put(data.key(i), 0L);
            }
            values.putAll(chunk);
            counters.putAll(zeros);
        }
    }

    private LoadDriver.Op load(CacheOp op, Caches caches) {
        List<Cache<String, byte[]>> values = caches.values();
        List<Cache<String, Long>> counters = caches.counters();
        int batch = settings.batch();
        Increment increment = new Increment();
        return switch (op) {
            case MIX -> (t, r) -> {
                Cache<String, byte[]> cache = values.get(t % values.size());
                if (r.nextInt(10) == 0) {
                    cache.put(data.randomKey(r), data.randomValue(r));
                } else {
                    cache.get(data.randomKey(r));
                }
            };
            case PUT -> (t, r) -> values.get(t % values.size()).put(data.randomKey(r), data.randomValue(r));
            case PUT_ALL -> (t, r) -> values.get(t % values.size()).putAll(data.randomEntries(r, batch));
            case GET_ALL -> (t, r) -> values.get(t % values.size()).getAll(data.randomKeys(r, batch));
            case INVOKE -> (t, r) -> counters.get(t % counters.size()).invoke(data.randomKey(r), increment);
        };
    }

    /** The report of part B. */
    String report() {
        StringBuilder out = new StringBuilder("## Part B: JCache, hamok (3 peers + Redis) vs Redisson JCache (issue 3)\n\n");
        Table table = new Table("op", "threads", "hamok ops/s", "hamok p50/p99 us", "redisson ops/s", "redisson p50/p99 us",
                "hamok/redisson", "errors (hamok; redisson)", "target");
        for (CacheCell cell : cells) {
            if (!"hamok".equals(cell.provider())) {
                continue;
            }
            CacheCell other = cells.stream().filter(c -> "redisson".equals(c.provider()) && c.op() == cell.op()
                    && c.threads() == cell.threads()).findFirst().orElse(null);
            double hamok = cell.result().opsPerSecond();
            double reference = other == null ? 0 : other.result().opsPerSecond();
            table.add(label(cell.op()), cell.threads(), Table.opsPerSecond(hamok), MapBench.latencies(cell.result()),
                    other == null ? "-" : Table.opsPerSecond(reference), other == null ? "-" : MapBench.latencies(other.result()),
                    Table.ratio(hamok, reference), MapBench.errors(cell.result()) + "; "
                            + (other == null ? "-" : MapBench.errors(other.result())),
                    Table.target(target(cell.op(), cell.threads()), hamok, reference));
        }
        out.append(table.render()).append('\n');
        notes.forEach(note -> out.append("- ").append(note).append('\n'));
        out.append(String.format(Locale.ROOT, "- Cache<String, byte[]> for get/put/putAll/getAll, Cache<String, Long> for invoke;"
                + " no listeners, statistics off, eternal expiry.%n"));
        return out.toString();
    }

    private String label(CacheOp op) {
        return op == CacheOp.PUT_ALL || op == CacheOp.GET_ALL ? op.label + "(" + settings.batch() + ")" : op.label;
    }

    /** The targets at 16 threads: get (the 90/10 mix) >= 0.9x, put and putAll >= 1.0x. */
    private static double target(CacheOp op, int threads) {
        if (threads != 16) {
            return 0;
        }
        return switch (op) {
            case MIX -> 0.9;
            case PUT, PUT_ALL -> 1.0;
            default -> 0;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            Progress.say("closing %s failed: %s", closeable, e);
        }
    }
}
