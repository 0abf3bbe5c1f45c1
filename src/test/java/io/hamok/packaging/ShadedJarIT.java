package io.hamok.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.testing.RedisServerFixture;
import io.hamok.testing.ThreeCacheManagers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.StreamSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an application meets it (run by maven-failsafe-plugin after {@code package}): the class
 * path holds the hamok jar, cache-api, slf4j and the test libraries, none of hamok's own dependencies, and a
 * deliberately different Netty and Jackson (the versions come from the pom as system properties).
 */
class ShadedJarIT {
    private static final String SHADED = "io/hamok/internal/shaded/";

    @Test
    void jar_everyClassIsHamoksOwnOrRelocated() throws IOException {
        Path jar = hamokJar();
        List<String> foreign = new ArrayList<>();
        List<String> services = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("io/hamok/")) {
                    foreign.add(name);
                }
                if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
                    services.add(name.substring("META-INF/services/".length()));
                }
            }
        }
        assertTrue(foreign.isEmpty(), foreign.size() + " classes are neither hamok's nor relocated (add a <relocation> to "
                + "the maven-shade-plugin in pom.xml), e.g. " + foreign.subList(0, Math.min(10, foreign.size())));
        assertTrue(services.stream().allMatch(s -> s.equals("javax.cache.spi.CachingProvider") || s.startsWith("io.hamok.")),
                "service files for interfaces outside the jar: " + services);
        assertTrue(services.size() > 1, "relocated libraries keep their service files: " + services);
    }

    @Test
    void cachingProvider_noArgument_findsHamokAlone() {
        List<CachingProvider> providers = StreamSupport.stream(
                Caching.getCachingProviders(Thread.currentThread().getContextClassLoader()).spliterator(), false).toList();

        assertEquals(1, providers.size(), "providers: " + providers);
        assertInstanceOf(HamokCachingProvider.class, Caching.getCachingProvider());
    }

    @Test
    void redisStore_besideTheApplicationsOwnNettyAndJackson_putGetInvokeWork(@TempDir Path dir) throws Exception {
        String nettyVersion = Version.identify().get("netty-common").artifactVersion();
        assertEquals(System.getProperty("hamok.it.netty.version"), nettyVersion, "the application's Netty is on the class path");
        assertEquals(System.getProperty("hamok.it.jackson.version"),
                com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString(), "the application's Jackson is on the class path");
        ByteBuf buffer = Unpooled.copiedBuffer("app", StandardCharsets.UTF_8);
        assertEquals("{\"bytes\":3}", new ObjectMapper().writeValueAsString(Map.of("bytes", buffer.readableBytes())));
        // a Redisson class name as users write it in their YAML: the jar reads it as its embedded Redisson
        Path yaml = Files.writeString(dir.resolve("redisson.yaml"), """
                singleServerConfig:
                  address: "%s"
                  connectionPoolSize: 4
                  connectionMinimumIdleSize: 1
                codec: !<org.redisson.codec.Kryo5Codec> {}
                """.formatted(RedisServerFixture.url()));
        URI uri = properties(dir, "hamok.store", "redis", "hamok.redis.config", yaml.toUri().toString());

        CachingProvider provider = Caching.getCachingProvider();
        try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
            Cache<String, Long> cache = manager.createCache("packaged-" + System.nanoTime(),
                    new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
            cache.put("visits", 1L);
            Long after = cache.invoke("visits", (entry, args) -> {
                entry.setValue(entry.getValue() + 1);
                return entry.getValue();
            });

            assertEquals(2L, after);
            assertEquals(2L, cache.get("visits"));
        }
        assertEquals(nettyVersion, Version.identify().get("netty-common").artifactVersion());
    }

    @Test
    void threePeers_overRelocatedGrpcAndRedis_writeOnOneReadOnAnother() throws Exception {
        Properties redis = new Properties();
        redis.setProperty("hamok.store", "redis");
        redis.setProperty("hamok.redis.url", RedisServerFixture.url());
        try (ThreeCacheManagers grid = ThreeCacheManagers.start("packaged-" + System.nanoTime(), redis)) {
            List<Cache<String, Long>> caches = grid.createEverywhere("three",
                    new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
            caches.get(0).put("k", 7L);
            Long after = caches.get(1).invoke("k", (entry, args) -> {
                entry.setValue(entry.getValue() * 6);
                return entry.getValue();
            });

            assertEquals(42L, after);
            assertEquals(42L, caches.get(2).get("k"));
        }
    }

    @Test
    void hamokDependencies_areNotOnTheApplicationsClassPath() {
        for (String name : List.of("org.redisson.Redisson", "org.apache.ratis.server.RaftServer",
                "com.esotericsoftware.kryo.Kryo", "reactor.core.publisher.Mono")) {
            ClassNotFoundException e = assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    private static Path hamokJar() {
        try {
            Path location = Path.of(HamokCachingProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(location.toString().endsWith(".jar"), "runs against the packaged jar, not " + location);
            return location;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI properties(Path dir, String... keyValues) throws IOException {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        Path file = dir.resolve("hamok.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "packaged jar");
        }
        return file.toUri();
    }
}
