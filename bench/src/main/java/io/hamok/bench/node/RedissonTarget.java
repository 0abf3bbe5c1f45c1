package io.hamok.bench.node;

import io.hamok.bench.Dataset;
import io.hamok.bench.LoadDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * A Redisson client process on the benchmark's Redis: Redisson's own JCache
 * ({@code org.redisson.jcache.JCachingProvider}, caches from {@code RedissonConfiguration.fromInstance},
 * Redisson's default codec) for the JCache operations, and a raw {@code RMap} with string keys and
 * byte-array values (no JCache, no codec work) for {@code rmap.get}, {@code rmap.put} (fastPut) and
 * {@code rmap.putAll}.
 */
final class RedissonTarget implements Target {
    private final RedissonClient client;
    private final CacheManager manager;
    private final JCacheWorkload workload;
    private final RMap<String, byte[]> raw;
    private final Dataset data;
    private final int batch;

    private RedissonTarget(RedissonClient client, CacheManager manager, JCacheWorkload workload, RMap<String, byte[]> raw,
                           Dataset data, int batch) {
        this.client = client;
        this.manager = manager;
        this.workload = workload;
        this.raw = raw;
        this.data = data;
        this.batch = batch;
    }

    static RedissonTarget start(NodeSettings settings) {
        Config config = new Config();
        config.useSingleServer().setAddress(settings.redisUrl());
        RedissonClient client = Redisson.create(config);
        CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager();
        Cache<String, byte[]> values = manager.createCache("bench",
                RedissonConfiguration.fromInstance(client, new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class)));
        Cache<String, Long> counters = manager.createCache("counters",
                RedissonConfiguration.fromInstance(client, new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)));
        RMap<String, byte[]> raw = client.getMap("raw-rmap", new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE));
        Dataset data = settings.dataset();
        return new RedissonTarget(client, manager, new JCacheWorkload(values, counters, data, settings.batch()), raw, data,
                settings.batch());
    }

    @Override
    public LoadDriver.Op op(String name) {
        return switch (name) {
            case "rmap.get" -> r -> raw.get(data.randomKey(r));
            case "rmap.put" -> r -> raw.fastPut(data.randomKey(r), data.randomValue(r));
            case "rmap.putAll" -> r -> raw.putAll(data.randomEntries(r, batch));
            default -> workload.op(name);
        };
    }

    @Override
    public void preload() {
        workload.preload();
        for (int from = 0; from < data.size(); from += batch) {
            Map<String, byte[]> chunk = new LinkedHashMap<>();
            for (int i = from; i < Math.min(data.size(), from + batch); i++) {
                chunk.put(data.key(i), data.value(i));
            }
            raw.putAll(chunk);
        }
    }

    @Override
    public Map<String, String> stats() {
        return Map.of("codec", client.getConfig().getCodec().getClass().getSimpleName());
    }

    @Override
    public void close() {
        manager.getCachingProvider().close();
        client.shutdown();
    }
}
