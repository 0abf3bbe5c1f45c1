package io.hamok.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.configuration.GridSettings;
import io.hamok.jcache.spi.HamokCachingProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider as an application meets it: found by name among the providers on the class path, the
 * embedded default, and misconfiguration reported at {@code getCacheManager} with the setting's name
 * and value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProviderConfigurationTest {
    private CachingProvider provider;
    private Path dir;

    @BeforeAll
    void findProvider() throws IOException {
        // Redisson on the test class path registers a second CachingProvider: name ours.
        provider = Caching.getCachingProvider(HamokCachingProvider.class.getName());
        dir = Files.createTempDirectory("hamok-provider-test");
    }

    @AfterAll
    void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void getCachingProvider_byClassName_isHamokAndListedAmongProviders() {
        assertInstanceOf(HamokCachingProvider.class, provider);
        assertSame(provider, Caching.getCachingProvider(HamokCachingProvider.class.getName()));
        assertTrue(StreamSupport.stream(Caching.getCachingProviders().spliterator(), false)
                .anyMatch(p -> p instanceof HamokCachingProvider));
        assertFalse(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE));
        assertEquals(HamokCachingProvider.DEFAULT_URI, provider.getDefaultURI());
    }

    @Test
    void getCacheManager_noConfiguration_embeddedSinglePeerWithMemoryStore() {
        CacheManager manager = provider.getCacheManager();
        GridSettings settings = manager.unwrap(HamokCacheManager.class).settings();
        assertTrue(settings.embedded());
        assertEquals(GridSettings.EMBEDDED_PEER_ID, settings.localPeerId());
        assertEquals("memory", settings.store());
        assertSame(manager, provider.getCacheManager(), "the default manager is one instance");

        Cache<String, Integer> cache = manager.createCache("provider-embedded",
                new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
        try {
            cache.put("answer", 42);
            assertEquals(42, cache.get("answer"));
            assertSame(cache, manager.getCache("provider-embedded", String.class, Integer.class));
        } finally {
            manager.destroyCache("provider-embedded");
        }
        assertNull(manager.getCache("provider-embedded"));
    }

    @Test
    void getCacheManager_classpathUri_readsSettingsFromResource() {
        URI uri = URI.create("classpath:hamok-spring.properties");
        CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
        try {
            GridSettings settings = manager.unwrap(HamokCacheManager.class).settings();
            assertEquals(uri, manager.getURI());
            assertTrue(settings.serializationAllow().contains("io.hamok.jcache.SpringCacheTest$*"),
                    settings.serializationAllow());
        } finally {
            manager.close();
        }
    }

    @Test
    void getCacheManager_jarUri_readsSettingsFromAResourceInsideAJar() throws IOException {
        Path jar = dir.resolve("settings.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("conf/hamok.properties"));
            out.write("hamok.serialization.allow=com.example.FromJar\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        URI uri = URI.create("jar:" + jar.toUri() + "!/conf/hamok.properties");
        CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
        try {
            assertTrue(manager.unwrap(HamokCacheManager.class).settings().serializationAllow().contains("com.example.FromJar"));
        } finally {
            manager.close();
        }
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of("hamok.peers", "a@127.0.0.1", ""),
                Arguments.of("hamok.peers", "a@127.0.0.1:notaport", ""),
                Arguments.of("hamok.store", "mongo", "expected: memory or redis"),
                Arguments.of("hamok.localPeerId", "z", "a@127.0.0.1:7001"),
                Arguments.of("hamok.redis.url", "http://127.0.0.1:6379", "redis://host:port"),
                Arguments.of("hamok.requestTimeout", "soon", "duration"),
                Arguments.of("hamok.snapshotEveryEntries", "0", "an integer >= 1"),
                Arguments.of("hamok.tls.keyStore", "/no/such/peer.p12", "PKCS#12"),
                Arguments.of("hamok.peer", "a@127.0.0.1:7001", "docs/CONFIGURATION.md"));
    }

    /** Settings every invalid case starts from, so that only the named one is wrong. */
    private static Properties validBase(String setting) {
        Properties base = new Properties();
        if (setting.equals("hamok.localPeerId")) {
            base.setProperty("hamok.peers", "a@127.0.0.1:7001,b@127.0.0.1:7002");
        }
        if (setting.equals("hamok.redis.url")) {
            base.setProperty("hamok.store", "redis");
        }
        return base;
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidSettings")
    void getCacheManager_invalidSettingInProperties_failsNamingSettingAndValue(String setting, String value, String hint)
            throws IOException {
        URI uri = emptyFile("props-" + Math.abs((setting + value).hashCode()));
        Properties properties = validBase(setting);
        properties.setProperty(setting, value);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties));

        assertTrue(e.getMessage().contains(setting), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
        // nothing is left behind: the same URI with valid settings gives a working manager
        CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader(), new Properties());
        assertFalse(manager.isClosed());
        manager.close();
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidSettings")
    void getCacheManager_invalidSettingInFile_failsNamingSettingAndValue(String setting, String value, String hint)
            throws IOException {
        Properties content = validBase(setting);
        content.setProperty(setting, value);
        Path file = dir.resolve("file-" + Math.abs((setting + value).hashCode()) + ".properties");
        try (var out = Files.newOutputStream(file)) {
            content.store(out, null);
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.getCacheManager(file.toUri(), provider.getDefaultClassLoader()));

        assertTrue(e.getMessage().contains(setting), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }

    @Test
    void getCacheManager_missingFile_failsNamingTheUri() {
        URI uri = dir.resolve("missing.properties").toUri();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.getCacheManager(uri, provider.getDefaultClassLoader()));
        assertTrue(e.getMessage().contains("missing.properties"), e.getMessage());
    }

    @Test
    void embeddedManagers_ofDifferentUris_holdDifferentCaches_unlessTheyNameOneMemoryStore() throws IOException {
        CacheManager first = provider.getCacheManager(emptyFile("embedded-first"), provider.getDefaultClassLoader());
        CacheManager second = provider.getCacheManager(emptyFile("embedded-second"), provider.getDefaultClassLoader());
        Properties shared = new Properties();
        shared.setProperty("hamok.memory.name", "provider-shared-" + System.nanoTime());
        CacheManager thirdNamed = provider.getCacheManager(emptyFile("embedded-third"), provider.getDefaultClassLoader(), shared);
        CacheManager fourthNamed = provider.getCacheManager(emptyFile("embedded-fourth"), provider.getDefaultClassLoader(), shared);
        try {
            MutableConfiguration<String, String> config = new MutableConfiguration<String, String>().setTypes(String.class, String.class);
            first.createCache("same-name", config).put("k", "first");
            Cache<String, String> ofSecond = second.createCache("same-name", config);
            assertNull(ofSecond.get("k"), "another URI's manager does not see the first one's cache");
            ofSecond.put("k", "second");
            assertEquals("first", first.getCache("same-name", String.class, String.class).get("k"));

            thirdNamed.createCache("same-name", config).put("k", "third");
            assertEquals("third", fourthNamed.createCache("same-name", config).get("k"),
                    "managers that name one memory store share it on purpose");
        } finally {
            for (CacheManager manager : new CacheManager[] {first, second, thirdNamed, fourthNamed}) {
                manager.close();
            }
        }
    }

    private URI emptyFile(String name) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Files.writeString(file, "# settings come from the Properties argument\n");
        return file.toUri();
    }
}
