package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.store.redis.RedisKeys;
import io.hamok.testing.RedisServerFixture;
import io.hamok.testing.TestGrid;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applications (grids with different group ids) that share one Redis database and a cache name
 * keep their own entries; data written under the key layout of earlier versions is read by the
 * grid that first opens the map after the upgrade.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisGroupPrefixTest {
    private static final MutableConfiguration<String, String> STRINGS =
            new MutableConfiguration<String, String>().setTypes(String.class, String.class);

    private final CachingProvider provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());
    private final String run = Long.toString(System.nanoTime(), 36);

    @TempDir
    Path dir;

    @Test
    void twoGrids_sameCacheNameOnOneRedis_doNotInterfere() throws IOException {
        try (CacheManager first = grid("apps-one-" + run); CacheManager second = grid("apps-two-" + run)) {
            Cache<String, String> ofFirst = first.createCache("orders", STRINGS);
            Cache<String, String> ofSecond = second.createCache("orders", STRINGS);

            ofFirst.put("k", "first");
            assertNull(ofSecond.get("k"), "the other grid's entry is not visible");
            assertTrue(ofSecond.putIfAbsent("k", "second"), "nor does it count as present");
            ofSecond.put("only-second", "x");
            assertEquals("first", ofFirst.get("k"));
            assertEquals("second", ofSecond.get("k"));

            ofSecond.clear();
            assertEquals("first", ofFirst.get("k"), "clearing one grid's cache leaves the other's");
            assertEquals(1, StreamSupport.stream(ofFirst.spliterator(), false).count());
            ofFirst.remove("k");
            assertNull(ofFirst.get("k"));
            ofSecond.put("k", "again");
            assertEquals("again", ofSecond.get("k"));
        }
    }

    @Test
    void dataUnderTheOldKeyLayout_isReadAfterTheUpgrade() throws IOException {
        String before = "before-" + run;
        String name = "legacy-" + run;
        String mapId = HamokCacheManager.MAP_PREFIX + name;
        try (CacheManager old = grid(before)) {
            old.createCache(name, STRINGS).put("k", "written before the upgrade");
        }
        // what an earlier version left: the same data under hamok:{<mapId>}:..., without a group
        RedisKeys written = RedisKeys.of(before, mapId);
        String legacyPrefix = "hamok:{" + mapId + "}:";
        for (String key : written.all()) {
            if (":1".equals(RedisServerFixture.send("EXISTS", key))) {
                RedisServerFixture.send("RENAME", key, legacyPrefix + key.substring(key.lastIndexOf(':') + 1));
            }
        }
        assertEquals(":1", RedisServerFixture.send("EXISTS", legacyPrefix + "data"));

        String after = "after-" + run;
        try (CacheManager upgraded = grid(after)) {
            Cache<String, String> cache = upgraded.createCache(name, STRINGS);
            assertEquals("written before the upgrade", cache.get("k"));
            cache.put("k2", "new");
            assertEquals("new", cache.get("k2"));
        }
        assertEquals(":0", RedisServerFixture.send("EXISTS", legacyPrefix + "data"), "moved, not copied");
        assertEquals(":1", RedisServerFixture.send("EXISTS", RedisKeys.of(after, mapId).data()));
    }

    /** A one-peer grid of group {@code groupId} over the test Redis, configured as an application would be. */
    private CacheManager grid(String groupId) throws IOException {
        Properties settings = new Properties();
        settings.setProperty("hamok.peers", "solo@127.0.0.1:" + TestGrid.freePort());
        settings.setProperty("hamok.groupId", groupId);
        settings.setProperty("hamok.storageDir", "temporary");
        settings.setProperty("hamok.store", "redis");
        settings.setProperty("hamok.redis.url", RedisServerFixture.url());
        Path file = dir.resolve(groupId + ".properties");
        try (var out = Files.newOutputStream(file)) {
            settings.store(out, null);
        }
        URI uri = file.toUri();
        return provider.getCacheManager(uri, provider.getDefaultClassLoader());
    }
}
