package io.hamok.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.spi.CachingProvider;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Caches declared in the cache manager's file, as {@code createCache} and {@code getCache} meet them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeclaredCachesManagerTest {
    private static final String HERE = DeclaredCachesTest.class.getName();

    private CachingProvider provider;
    private CacheManager manager;
    private Path file;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());
        file = dir.resolve("hamok.properties");
        Files.writeString(file, String.join("\n",
                "hamok.template.default.statistics=true",
                "hamok.template.default.expiry.created=1h",
                "hamok.cache.short.expiry.created=300ms",
                "hamok.cache.com.example.Loaded.loader=" + HERE + "$Loader",
                "hamok.cache.written.writer=" + HERE + "$Writer",
                "hamok.cache.quiet.noEvents=true",
                "hamok.cache.quiet.requestTimeout=4s",
                "hamok.cache.quiet.management=true",
                "hamok.cache.texts.keyType=java.lang.String",
                "hamok.cache.texts.valueType=java.lang.String",
                "hamok.cache.texts.keyCodec=" + HERE + "$Utf8",
                "hamok.cache.texts.valueCodec=" + HERE + "$Utf8",
                "hamok.cache.texts.maxOutboundMessageKeys=2",
                ""));
        manager = provider.getCacheManager(file.toUri(), provider.getDefaultClassLoader());
    }

    @AfterAll
    void stop() {
        manager.close();
    }

    @Test
    void getCache_declaredName_createsItWithTheDeclaredOptions() throws Exception {
        Cache<Object, Object> quiet = manager.getCache("quiet");
        assertSame(quiet, manager.getCache("quiet"), "created once");
        HamokConfiguration<?, ?> c = quiet.getConfiguration(HamokConfiguration.class);
        assertTrue(c.isNoEvents());
        assertEquals(Duration.ofSeconds(4), c.getRequestTimeout());
        assertTrue(c.isStatisticsEnabled(), "from the default template");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> quiet.registerCacheEntryListener(
                new MutableCacheEntryListenerConfiguration<>(() -> (CacheEntryCreatedListener<Object, Object>) events -> { },
                        null, false, true)));
        assertTrue(refused.getMessage().contains("noEvents=true"), refused.getMessage());
        String uri = manager.getURI().toString().replaceAll("[,:=\n]", ".");
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("javax.cache:type=CacheConfiguration,CacheManager=" + uri + ",Cache=quiet")), "management bean");
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("javax.cache:type=CacheStatistics,CacheManager=" + uri + ",Cache=quiet")), "statistics bean");
    }

    @Test
    void getCache_declaredExpiry_entriesExpire() throws InterruptedException {
        Cache<Object, Object> cache = manager.getCache("short");
        cache.put("k", "v");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cache.get("k") != null) {
            assertTrue(System.nanoTime() < deadline, "the entry never expired");
            Thread.sleep(50);
        }
        assertFalse(cache.containsKey("k"));
    }

    @Test
    void getCache_declaredLoaderAndWriter_readAndWriteThrough() {
        Cache<Object, Object> loaded = manager.getCache("com.example.Loaded");
        assertEquals("loaded:x", loaded.get("x"), "a dotted cache name takes its declaration");
        Cache<Object, Object> written = manager.getCache("written");
        written.put("w", "value");
        assertEquals("value", DeclaredCachesTest.Writer.WRITTEN.get("w"));
    }

    @Test
    void getCache_declaredTypesAndCodecs_roundTripThroughTheCodec() {
        Cache<String, String> texts = manager.getCache("texts", String.class, String.class);
        HamokConfiguration<?, ?> c = texts.getConfiguration(HamokConfiguration.class);
        assertInstanceOf(DeclaredCachesTest.Utf8.class, c.getValueCodec());
        assertEquals(2, c.getMaxOutboundMessageKeys());
        texts.putAll(java.util.Map.of("a", "1", "b", "2", "c", "3"));
        assertEquals(java.util.Map.of("a", "1", "b", "2", "c", "3"), texts.getAll(java.util.Set.of("a", "b", "c")));
        assertThrows(ClassCastException.class, () -> manager.getCache("texts", String.class, Long.class));
    }

    @Test
    void createCacheAndGetCache_undeclaredNames_takeTheDefaultTemplate() {
        Cache<Object, Object> region = manager.getCache("org.example.Entity");
        CompleteConfiguration<?, ?> c = region.getConfiguration(CompleteConfiguration.class);
        assertTrue(c.isStatisticsEnabled(), "a Hibernate region through getCache takes the default template");
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 3_600_000),
                c.getExpiryPolicyFactory().create().getExpiryForCreation());

        Cache<String, Long> spring = manager.createCache("spring-names", new MutableConfiguration<String, Long>()
                .setTypes(String.class, Long.class));
        assertTrue(spring.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled(),
                "a bare MutableConfiguration takes the default template");
        Cache<String, Long> typed = manager.getCache("typed-undeclared", String.class, Long.class);
        assertEquals(String.class, typed.getConfiguration(CompleteConfiguration.class).getKeyType());
    }

    @Test
    void getCacheManager_invalidDeclaration_namesTheCacheTheOptionAndTheValue(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "hamok.cache.orders.expiry.created=tomorrow\n");
        URI uri = bad.toUri();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.getCacheManager(uri, provider.getDefaultClassLoader()));
        assertTrue(e.getMessage().startsWith("cache 'orders' option expiry.created : 'tomorrow' (expected: a duration"),
                e.getMessage());
    }

    @Test
    void getCache_withoutADefaultTemplate_undeclaredNamesStayAbsent(@TempDir Path dir) throws IOException {
        Path only = dir.resolve("only.properties");
        Files.writeString(only, "hamok.cache.declared.statistics=true\n");
        CacheManager other = provider.getCacheManager(only.toUri(), provider.getDefaultClassLoader());
        try {
            assertNull(other.getCache("undeclared"));
            assertTrue(other.getCache("declared").getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());
        } finally {
            other.close();
        }
    }
}
