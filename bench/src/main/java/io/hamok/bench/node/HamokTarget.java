package io.hamok.bench.node;

import io.hamok.bench.LoadDriver;
import io.hamok.raft.Grid;
import java.io.Writer;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A hamok-jcache peer, configured the way an application does it: a properties file named by the
 * cache manager's URI (peers, this peer's id, the Redis store, a storage directory), every other
 * setting default. The orchestrator sets {@code javax.cache.spi.CachingProvider} to hamok's provider,
 * so {@code Caching.getCachingProvider()} finds it among the others on the benchmark's classpath.
 */
final class HamokTarget implements Target {
    static final String ASYNC_CACHE = "io.hamok.jcache.AsyncCache";

    private final CacheManager manager;
    private final Grid grid;
    private final JCacheWorkload workload;
    private final Cache<String, byte[]> values;
    private final NodeSettings settings;

    private HamokTarget(NodeSettings settings, CacheManager manager, Cache<String, byte[]> values, Cache<String, Long> counters) {
        this.settings = settings;
        this.manager = manager;
        this.values = values;
        this.grid = manager.unwrap(Grid.class);
        this.workload = new JCacheWorkload(values, counters, settings.dataset(), settings.batch());
    }

    static HamokTarget start(NodeSettings settings) throws Exception {
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < settings.ports().size(); i++) {
            peers.append(i == 0 ? "" : ",").append('p').append(i).append("@127.0.0.1:").append(settings.ports().get(i));
        }
        Path storage = Files.createDirectories(settings.dir().resolve("raft"));
        Properties properties = new Properties();
        properties.setProperty("hamok.peers", peers.toString());
        properties.setProperty("hamok.localPeerId", "p" + settings.index());
        properties.setProperty("hamok.store", "redis");
        properties.setProperty("hamok.redis.url", settings.redisUrl());
        properties.setProperty("hamok.storageDir", storage.toString());
        if (settings.option().startsWith("nearCache=")) {
            properties.setProperty("hamok.nearCache", settings.option().substring("nearCache=".length()));
        }
        Path file = settings.dir().resolve("hamok.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "hamok benchmark peer p" + settings.index());
        }
        CachingProvider provider = Caching.getCachingProvider();
        URI uri = file.toUri();
        CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
        Cache<String, byte[]> values = manager.createCache("bench",
                new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        Cache<String, Long> counters = manager.createCache("counters",
                new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        return new HamokTarget(settings, manager, values, counters);
    }

    @Override
    public LoadDriver.Op op(String name) {
        return workload.op(name);
    }

    @Override
    public LoadDriver.AsyncOp asyncOp(String name) {
        if (!"putAsync".equals(name)) {
            return null;
        }
        Object async;
        Method putAsync;
        try {
            Class<?> type = Class.forName(ASYNC_CACHE);
            async = values.unwrap(type);
            putAsync = type.getMethod("putAsync", Object.class, Object.class);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return null;
        }
        var data = settings.dataset();
        return r -> (CompletionStage<?>) putAsync.invoke(async, data.randomKey(r), data.randomValue(r));
    }

    @Override
    public void preload() {
        workload.preload();
    }

    @Override
    public Map<String, String> stats() {
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put("leader", Boolean.toString(grid.isLeader()));
        stats.put("cmdsPerEntry", String.format(Locale.ROOT, "%.2f", grid.batchStats().commandsPerEntry()));
        stats.put("cmdsPerForward", String.format(Locale.ROOT, "%.2f", grid.batchStats().commandsPerForward()));
        stats.put("cmdsPerStoreWrite", String.format(Locale.ROOT, "%.2f", grid.batchStats().commandsPerStoreWrite()));
        return stats;
    }

    @Override
    public void resetStats() {
        grid.batchStats().reset();
    }

    @Override
    public void close() {
        manager.getCachingProvider().close();
    }
}
