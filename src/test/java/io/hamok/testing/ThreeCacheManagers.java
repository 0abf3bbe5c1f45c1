package io.hamok.testing;

import io.hamok.jcache.spi.HamokCachingProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Three cache managers in this JVM, peers {@code a}, {@code b}, {@code c} of one grid on loopback, each
 * configured by a properties file the way an application would be (temporary logs, short election
 * timeouts, the given store settings). A peer starts with its manager's first cache and waits for a
 * leader, which needs a majority: {@link #createEverywhere} creates a cache on all three together.
 */
public final class ThreeCacheManagers implements AutoCloseable {
    public static final String[] IDS = {"a", "b", "c"};

    private final List<CacheManager> managers = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Path dir;

    private ThreeCacheManagers(String groupId, Properties storeSettings) throws IOException {
        dir = Files.createTempDirectory("hamok-three-peers");
        String peers = Stream.of(IDS).map(id -> id + "@127.0.0.1:" + TestGrid.freePort()).collect(Collectors.joining(","));
        CachingProvider provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());
        for (String id : IDS) {
            Properties file = new Properties();
            file.setProperty("hamok.peers", peers);
            file.setProperty("hamok.localPeerId", id);
            file.setProperty("hamok.storageDir", "temporary");
            file.setProperty("hamok.groupId", groupId);
            file.setProperty("hamok.electionTimeoutMin", "300ms");
            file.setProperty("hamok.electionTimeoutMax", "600ms");
            file.putAll(storeSettings);
            Path path = dir.resolve("peer-" + id + ".properties");
            try (OutputStream out = Files.newOutputStream(path)) {
                file.store(out, "peer " + id);
            }
            managers.add(provider.getCacheManager(path.toUri(), provider.getDefaultClassLoader()));
        }
    }

    /** Opens the three managers and starts their peers with a first cache on each. */
    public static ThreeCacheManagers start(String groupId, Properties storeSettings) throws IOException {
        ThreeCacheManagers grid = new ThreeCacheManagers(groupId, storeSettings);
        grid.createEverywhere("warmup-" + groupId, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        return grid;
    }

    public List<CacheManager> managers() {
        return managers;
    }

    /** A pool for the tests' concurrent callers. */
    public ExecutorService threads() {
        return threads;
    }

    /** The cache {@code name} on peers a, b, c, created on each in parallel. */
    public <K, V> List<Cache<K, V>> createEverywhere(String name, MutableConfiguration<K, V> configuration) {
        List<CompletableFuture<Cache<K, V>>> created = new ArrayList<>();
        for (CacheManager manager : managers) {
            created.add(CompletableFuture.supplyAsync(() -> manager.createCache(name, configuration), threads));
        }
        return created.stream().map(f -> f.orTimeout(45, TimeUnit.SECONDS).join()).toList();
    }

    @Override
    public void close() throws IOException {
        threads.shutdownNow();
        managers.parallelStream().forEach(CacheManager::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
