package io.hamok.bench.node;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.hamok.bench.LoadDriver;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * An open-source Hazelcast member on loopback (TCP/IP join with the explicit member list, multicast
 * and auto-detection off), its JCache from the member caching provider. The load runs inside the
 * member, like hamok's. Caches have Hazelcast's defaults: one synchronous backup, BINARY format.
 */
final class HazelcastTarget implements Target {
    private final HazelcastInstance instance;
    private final CacheManager manager;
    private final JCacheWorkload workload;

    private HazelcastTarget(HazelcastInstance instance, CacheManager manager, JCacheWorkload workload) {
        this.instance = instance;
        this.manager = manager;
        this.workload = workload;
    }

    static HazelcastTarget start(NodeSettings settings) throws Exception {
        Config config = new Config();
        config.setClusterName("hamok-bench-" + settings.runId());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.localPort()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port : settings.ports()) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (instance.getCluster().getMembers().size() < settings.ports().size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Hazelcast member " + settings.index() + " sees "
                        + instance.getCluster().getMembers().size() + " members after 120 s (expected: " + settings.ports().size() + ")");
            }
            Thread.sleep(100);
        }
        CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager(null, null, HazelcastCachingProvider.propertiesByInstanceItself(instance));
        Cache<String, byte[]> values = cache(manager, "bench", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        Cache<String, Long> counters = cache(manager, "counters", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        return new HazelcastTarget(instance, manager, new JCacheWorkload(values, counters, settings.dataset(), settings.batch()));
    }

    private static <K, V> Cache<K, V> cache(CacheManager manager, String name, MutableConfiguration<K, V> configuration) {
        try {
            return manager.createCache(name, configuration);
        } catch (CacheException alreadyThere) {
            // another member created it first
            return manager.getCache(name, configuration.getKeyType(), configuration.getValueType());
        }
    }

    @Override
    public LoadDriver.Op op(String name) {
        return workload.op(name);
    }

    @Override
    public void preload() {
        workload.preload();
    }

    @Override
    public Map<String, String> stats() {
        return Map.of("members", Integer.toString(instance.getCluster().getMembers().size()));
    }

    @Override
    public void close() {
        manager.close();
        instance.shutdown();
    }
}
