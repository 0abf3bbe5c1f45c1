package io.hamok.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing declared caches and templates, and applying them to the configuration a cache is created with. */
class DeclaredCachesTest {
    private static final String HERE = DeclaredCachesTest.class.getName();

    @Test
    void apply_everyOption_setsTheConfiguration() {
        DeclaredCaches declared = parse(Map.ofEntries(
                Map.entry("hamok.cache.orders.keyType", "java.lang.String"),
                Map.entry("hamok.cache.orders.valueType", "java.lang.Long"),
                Map.entry("hamok.cache.orders.expiry.created", "10m"),
                Map.entry("hamok.cache.orders.expiry.accessed", "2s"),
                Map.entry("hamok.cache.orders.expiry.modified", "PT30S"),
                Map.entry("hamok.cache.orders.statistics", "true"),
                Map.entry("hamok.cache.orders.management", "true"),
                Map.entry("hamok.cache.orders.noEvents", "true"),
                Map.entry("hamok.cache.orders.requestTimeout", "3s"),
                Map.entry("hamok.cache.orders.keyCodec", HERE + "$Utf8"),
                Map.entry("hamok.cache.orders.valueCodec", HERE + "$Utf8"),
                Map.entry("hamok.cache.orders.maxOutboundMessageKeys", "100"),
                Map.entry("hamok.cache.orders.maxOutboundMessageValues", "50"),
                Map.entry("hamok.cache.orders.loader", HERE + "$Loader"),
                Map.entry("hamok.cache.orders.writer", HERE + "$WriterFactory")));
        HamokConfiguration<Object, Object> c = declared.apply("orders", new MutableConfiguration<>());
        assertEquals(String.class, c.getKeyType());
        assertEquals(Long.class, c.getValueType());
        ExpiryPolicy expiry = c.getExpiryPolicyFactory().create();
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 600_000), expiry.getExpiryForCreation());
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 2_000), expiry.getExpiryForAccess());
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 30_000), expiry.getExpiryForUpdate());
        assertTrue(c.isStatisticsEnabled());
        assertTrue(c.isManagementEnabled());
        assertTrue(c.isNoEvents());
        assertEquals(Duration.ofSeconds(3), c.getRequestTimeout());
        assertInstanceOf(Utf8.class, c.getKeyCodec());
        assertInstanceOf(Utf8.class, c.getValueCodec());
        assertEquals(100, c.getMaxOutboundMessageKeys());
        assertEquals(50, c.getMaxOutboundMessageValues());
        assertTrue(c.isReadThrough(), "a declared loader turns read-through on");
        assertInstanceOf(Loader.class, c.getCacheLoaderFactory().create());
        assertTrue(c.isWriteThrough(), "a declared writer turns write-through on");
        assertInstanceOf(Writer.class, c.getCacheWriterFactory().create(), "a Factory class is asked for the writer");
    }

    @Test
    void apply_templates_defaultCoversUndeclaredNames_andNamedOnesAreChosen_andCacheOptionsWin() {
        DeclaredCaches declared = parse(Map.of(
                "hamok.template.default.expiry.created", "1h",
                "hamok.template.default.statistics", "true",
                "hamok.template.short.expiry.accessed", "5s",
                "hamok.template.short.management", "true",
                "hamok.cache.com.example.Order.template", "short",
                "hamok.cache.com.example.Line.template", "short",
                "hamok.cache.com.example.Line.expiry.created", "1m",
                "hamok.cache.com.example.Line.management", "false",
                "hamok.cache.eternal.expiry.eternal", "true"));
        assertTrue(declared.covers("region.not.declared"));
        HamokConfiguration<Object, Object> undeclared = declared.apply("region.not.declared", new MutableConfiguration<>());
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 3_600_000),
                undeclared.getExpiryPolicyFactory().create().getExpiryForCreation());
        assertTrue(undeclared.isStatisticsEnabled());

        HamokConfiguration<Object, Object> order = declared.apply("com.example.Order", new MutableConfiguration<>());
        ExpiryPolicy policy = order.getExpiryPolicyFactory().create();
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 5_000), policy.getExpiryForAccess());
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 5_000), policy.getExpiryForCreation());
        assertNull(policy.getExpiryForUpdate(), "modified not declared: an update leaves the expiry alone");
        assertTrue(order.isManagementEnabled());
        assertFalse(order.isStatisticsEnabled(), "a cache naming a template does not take the default's options");

        HamokConfiguration<Object, Object> line = declared.apply("com.example.Line", new MutableConfiguration<>());
        ExpiryPolicy lines = line.getExpiryPolicyFactory().create();
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 60_000), lines.getExpiryForCreation());
        assertNull(lines.getExpiryForAccess(), "the cache's expiry replaces the template's as a whole");
        assertFalse(line.isManagementEnabled(), "the cache's own option wins over its template's");
        assertEquals(java.util.List.of("com.example.Line", "com.example.Order", "eternal"), declared.cacheNames());

        assertInstanceOf(EternalExpiryPolicy.class, declared.apply("eternal", new MutableConfiguration<>())
                .getExpiryPolicyFactory().create());
    }

    @Test
    void apply_accessedOnly_createdDefaultsToIt() {
        ExpiryPolicy policy = parse(Map.of("hamok.cache.c.expiry.accessed", "7s")).apply("c", new MutableConfiguration<>())
                .getExpiryPolicyFactory().create();
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 7_000), policy.getExpiryForCreation());
    }

    @Test
    void apply_nothingDeclaredForTheName_keepsTheGivenConfiguration() {
        DeclaredCaches declared = parse(Map.of("hamok.cache.other.statistics", "true"));
        assertFalse(declared.covers("mine"));
        MutableConfiguration<String, String> given = new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setStatisticsEnabled(false);
        HamokConfiguration<String, String> c = declared.apply("mine", given);
        assertFalse(c.isStatisticsEnabled());
        assertEquals(String.class, c.getKeyType());
    }

    @Test
    void apply_givenOptionsStayWhereTheDeclarationIsSilent() {
        DeclaredCaches declared = parse(Map.of("hamok.cache.c.statistics", "true"));
        HamokConfiguration<String, String> c = declared.apply("c", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setManagementEnabled(true));
        assertTrue(c.isStatisticsEnabled());
        assertTrue(c.isManagementEnabled());
        assertEquals(String.class, c.getValueType());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hamok.cache.orders.statistics | yes | cache 'orders' option statistics : 'yes' (expected: true or false)",
            "hamok.cache.orders.management | 1 | cache 'orders' option management : '1' (expected: true or false)",
            "hamok.cache.orders.noEvents | on | cache 'orders' option noEvents : 'on' (expected: true or false)",
            "hamok.cache.orders.requestTimeout | soon | cache 'orders' option requestTimeout : 'soon' (expected: a duration",
            "hamok.cache.orders.requestTimeout | 0 | cache 'orders' option requestTimeout : '0' (expected: a duration > 0)",
            "hamok.cache.orders.expiry.created | -5s | cache 'orders' option expiry.created : '-5s' (expected: a duration",
            "hamok.cache.orders.expiry.accessed | 5 parsecs | cache 'orders' option expiry.accessed : '5 parsecs'",
            "hamok.cache.orders.expiry.eternal | maybe | cache 'orders' option expiry.eternal : 'maybe' (expected: true or false)",
            "hamok.cache.orders.maxOutboundMessageKeys | -1 | cache 'orders' option maxOutboundMessageKeys : '-1' (expected: an integer >= 0",
            "hamok.cache.orders.maxOutboundMessageValues | many | cache 'orders' option maxOutboundMessageValues : 'many'",
            "hamok.cache.orders.keyType | com.example.Missing | cache 'orders' option keyType : 'com.example.Missing' (expected: a class on the class path)",
            "hamok.cache.orders.keyCodec | java.lang.String | cache 'orders' option keyCodec : 'java.lang.String' (expected: a io.hamok.codec.Codec",
            "hamok.cache.orders.valueCodec | com.example.Gone | cache 'orders' option valueCodec : 'com.example.Gone' (expected: a class on the class path",
            "hamok.cache.orders.loader | java.lang.Runnable | cache 'orders' option loader : 'java.lang.Runnable' (expected: a javax.cache.integration.CacheLoader",
            "hamok.cache.orders.writer | io.hamok.jcache.configuration.DeclaredCachesTest$NoDefaultConstructor | cache 'orders' option writer : 'io.hamok.jcache.configuration.DeclaredCachesTest$NoDefaultConstructor' (expected: a public no-argument constructor)",
            "hamok.cache.orders.readThrough | true | cache 'orders' option readThrough : 'true' (expected: false unless a loader",
            "hamok.cache.orders.writeThrough | true | cache 'orders' option writeThrough : 'true' (expected: false unless a writer",
            "hamok.cache.orders.template | fast | cache 'orders' option template : 'fast' (expected: one of the declared templates []",
            "hamok.template.fast.template | other | template 'fast' option template : 'other' (expected: only caches name a template)",
            "hamok.template.fast.statistics | sure | template 'fast' option statistics : 'sure' (expected: true or false)",
            "hamok.cache.orders.expiry.creatd | 5s | hamok.cache.orders.expiry.creatd : '5s' (expected: hamok.cache.<name>.<option>, the option one of [template, keyType",
            "hamok.cache.statistics | true | hamok.cache.statistics : 'true' (expected: hamok.cache.<name>.<option>",
    })
    void parse_invalidOption_namesTheCacheTheOptionAndTheValue(String key, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void parse_eternalWithADuration_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(
                "hamok.cache.c.expiry.eternal", "true", "hamok.cache.c.expiry.modified", "5s")));
        assertEquals("cache 'c' option expiry.modified : '5s' (expected: unset when expiry.eternal=true)", e.getMessage());
    }

    @Test
    void apply_declaredTypeAgainstTheCodesType_isRefused() {
        DeclaredCaches declared = parse(Map.of("hamok.cache.c.valueType", "java.lang.Long"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> declared.apply("c",
                new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
        assertEquals("cache 'c' option valueType : 'java.lang.Long' (expected: java.lang.String, the type the code configures)",
                e.getMessage());
    }

    @Test
    void gridSettings_leaveDeclarationsAlone_butStillRefuseUnknownSettings() {
        Properties p = new Properties();
        p.setProperty("hamok.cache.orders.statistics", "true");
        p.setProperty("hamok.template.default.noEvents", "true");
        assertTrue(GridSettings.parse(p).embedded());
        p.setProperty("hamok.caches.orders.statistics", "true");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridSettings.parse(p));
        assertTrue(e.getMessage().startsWith("hamok.caches.orders.statistics : 'true' (expected: one of the settings"),
                e.getMessage());
        assertTrue(e.getMessage().contains("or a declaration hamok.cache.<name>.<option> or hamok.template.<name>.<option>"),
                e.getMessage());
    }

    private static DeclaredCaches parse(Map<String, String> settings) {
        Properties p = new Properties();
        p.putAll(settings);
        return DeclaredCaches.parse(p, DeclaredCachesTest.class.getClassLoader());
    }

    /** A codec for strings. */
    public static final class Utf8 implements Codec<String> {
        @Override
        public byte[] encode(String value) {
            return ("utf8:" + value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8).substring("utf8:".length());
        }
    }

    /** Loads "loaded:" + key. */
    public static final class Loader implements CacheLoader<Object, Object> {
        @Override
        public Object load(Object key) {
            return "loaded:" + key;
        }

        @Override
        public Map<Object, Object> loadAll(Iterable<?> keys) {
            Map<Object, Object> result = new java.util.HashMap<>();
            keys.forEach(key -> result.put(key, load(key)));
            return result;
        }
    }

    /** Records what it is asked to write. */
    public static final class Writer implements CacheWriter<Object, Object> {
        public static final Map<Object, Object> WRITTEN = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void write(Cache.Entry<?, ?> entry) {
            WRITTEN.put(entry.getKey(), entry.getValue());
        }

        @Override
        public void writeAll(java.util.Collection<Cache.Entry<?, ?>> entries) {
            entries.forEach(this::write);
        }

        @Override
        public void delete(Object key) {
            WRITTEN.remove(key);
        }

        @Override
        public void deleteAll(java.util.Collection<?> keys) {
            keys.forEach(WRITTEN::remove);
        }
    }

    /** A factory of writers, named by class. */
    public static final class WriterFactory implements Factory<Writer> {
        @Override
        public Writer create() {
            return new Writer();
        }
    }

    /** Cannot be created from a class name. */
    public static final class NoDefaultConstructor implements CacheWriter<Object, Object> {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public void write(Cache.Entry<?, ?> entry) {
        }

        @Override
        public void writeAll(java.util.Collection<Cache.Entry<?, ?>> entries) {
        }

        @Override
        public void delete(Object key) {
        }

        @Override
        public void deleteAll(java.util.Collection<?> keys) {
        }
    }
}
