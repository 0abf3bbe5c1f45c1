package io.hamok.jcache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.testing.RedisSentinelFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis store configured by a Redisson YAML file ({@code hamok.redis.config}) with
 * {@code sentinelServersConfig}: a real master, replica and sentinel on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisSentinelTest {
    @TempDir
    static Path dir;
    private RedisSentinelFixture redis;
    private CachingProvider provider;

    @BeforeAll
    void startRedis() throws IOException {
        redis = RedisSentinelFixture.start(dir);
        // Redisson on the test class path registers a second CachingProvider: name ours.
        provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void redissonYaml_sentinelServersConfig_putGetInvokeOnTheMasterReplicatedToTheReplica() throws IOException {
        Path yaml = Files.writeString(dir.resolve("redisson.yaml"), """
                sentinelServersConfig:
                  masterName: "%s"
                  sentinelAddresses:
                    - "redis://127.0.0.1:%d"
                  checkSentinelsList: false
                  readMode: "SLAVE"
                  timeout: 5000
                codec: !<org.redisson.codec.Kryo5Codec> {}
                """.formatted(RedisSentinelFixture.MASTER_NAME, redis.sentinelPort()));
        URI uri = properties("sentinel", "hamok.store", "redis", "hamok.redis.config", yaml.toUri().toString());

        try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
            Cache<String, Long> visits = manager.createCache("visits",
                    new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
            visits.put("home", 41L);
            Long after = visits.invoke("home", (entry, args) -> {
                entry.setValue(entry.getValue() + 1);
                return entry.getValue();
            });

            assertEquals(42L, after);
            assertEquals(42L, visits.get("home"));
            assertTrue(Long.parseLong(dbSize(redis.masterPort())) > 0, "the master holds the cache");
            await("the replica receives the master's keys").atMost(Duration.ofSeconds(20))
                    .until(() -> Long.parseLong(dbSize(redis.replicaPort())) > 0);
        }
    }

    @Test
    void redisConfig_withRedisUrlToo_failsNamingBothSettings() throws IOException {
        Path yaml = Files.writeString(dir.resolve("single.yaml"), "singleServerConfig:\n  address: \"redis://127.0.0.1:1\"\n");
        URI uri = properties("both", "hamok.store", "redis", "hamok.redis.config", yaml.toString(),
                "hamok.redis.url", "redis://127.0.0.1:6379");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.getCacheManager(uri, provider.getDefaultClassLoader()));

        assertTrue(e.getMessage().contains("hamok.redis.url : 'redis://127.0.0.1:6379' (expected: unset when hamok.redis.config is set"),
                e.getMessage());
    }

    @Test
    void redisConfig_withMemoryStore_failsNamingTheSetting() throws IOException {
        URI uri = properties("memory", "hamok.redis.config", "redisson.yaml");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.getCacheManager(uri, provider.getDefaultClassLoader()));

        assertTrue(e.getMessage().contains("hamok.redis.config : 'redisson.yaml' (expected: unset with hamok.store=memory)"),
                e.getMessage());
    }

    @Test
    void redisConfig_missingFile_failsNamingTheSettingAndTheFile() throws IOException {
        String missing = dir.resolve("missing.yaml").toString();
        URI uri = properties("missing", "hamok.store", "redis", "hamok.redis.config", missing);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.getCacheManager(uri, provider.getDefaultClassLoader()));

        assertTrue(e.getMessage().contains("hamok.redis.config : '" + missing + "' (expected: a readable Redisson YAML file"),
                e.getMessage());
    }

    private static String dbSize(int port) {
        String reply = RedisSentinelFixture.send(port, "DBSIZE");
        return reply.startsWith(":") ? reply.substring(1) : "0";
    }

    private URI properties(String name, String... keyValues) throws IOException {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        Path file = dir.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, name);
        }
        return file.toUri();
    }
}
