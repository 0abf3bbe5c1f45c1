package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/** {@code hamok:} cache-manager URIs name no file, and {@link HamokCacheManager#onCacheCreated} sees every cache. */
class SettingsOnlyUriTest {
    private final CachingProvider provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());

    @Test
    void getCacheManager_hamokUris_distinctManagersWithTheirOwnProperties() {
        Properties first = new Properties();
        first.setProperty("hamok.requestTimeout", "3s");
        Properties second = new Properties();
        second.setProperty("hamok.requestTimeout", "4s");
        try (CacheManager a = provider.getCacheManager(URI.create("hamok:settings-only/a"), null, first);
             CacheManager b = provider.getCacheManager(URI.create("hamok:settings-only/b"), null, second)) {
            assertNotSame(a, b);
            assertEquals(java.time.Duration.ofSeconds(3), a.unwrap(HamokCacheManager.class).settings().requestTimeout());
            assertEquals(java.time.Duration.ofSeconds(4), b.unwrap(HamokCacheManager.class).settings().requestTimeout());
        }
    }

    @Test
    void onCacheCreated_replaysExistingCaches_thenReportsNewOnes() {
        try (CacheManager manager = provider.getCacheManager(URI.create("hamok:settings-only/listen"), null, new Properties())) {
            manager.createCache("before", new MutableConfiguration<>());
            List<String> seen = new CopyOnWriteArrayList<>();
            manager.unwrap(HamokCacheManager.class).onCacheCreated(cache -> seen.add(cache.getName()));
            assertEquals(List.of("before"), seen);
            manager.createCache("after", new MutableConfiguration<>());
            assertEquals(List.of("before", "after"), seen);
            assertTrue(manager.getCache("after") != null);
        }
    }
}
