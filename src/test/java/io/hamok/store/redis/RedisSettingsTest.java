package io.hamok.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    private static String rejected(RedisSettings.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void build_defaults_normalizeUrlAndKeepDefaults() {
        RedisSettings settings = RedisSettings.builder("redis://cache.local").build();
        assertEquals("redis://cache.local:6379", settings.url());
        assertEquals(0, settings.database());
        assertEquals(RedisSettings.DEFAULT_CONNECTION_POOL_SIZE, settings.connectionPoolSize());
        assertEquals(RedisSettings.DEFAULT_TIMEOUT, settings.timeout());
        assertFalse(settings.tls());
        assertTrue(RedisSettings.builder("rediss://cache.local:6380").build().tls());
    }

    @Test
    void build_urlWithOtherScheme_namesSettingAndExpectation() {
        String message = rejected(RedisSettings.builder("http://cache.local:6379"));
        assertEquals("url : 'http://cache.local:6379' (expected: redis://host:port or rediss://host:port for TLS)", message);
        assertTrue(rejected(RedisSettings.builder("cache.local:6379")).startsWith("url : 'cache.local:6379'"));
        assertTrue(rejected(RedisSettings.builder(null)).startsWith("url : null"));
    }

    @Test
    void build_urlWithCredentials_isRefusedWithoutEchoingThem() {
        String message = rejected(RedisSettings.builder("redis://ann:s3cret@cache.local:6379"));
        assertFalse(message.contains("s3cret"), message);
        assertTrue(message.contains("username and password"), message);
    }

    @Test
    void build_urlWithDatabasePath_pointsToDatabaseSetting() {
        assertTrue(rejected(RedisSettings.builder("redis://cache.local:6379/2")).contains("'database'"));
    }

    @Test
    void build_outOfRangeNumbers_nameTheSetting() {
        assertEquals("database : -1 (expected: >= 0)", rejected(RedisSettings.builder("redis://h").database(-1)));
        assertEquals("connectionPoolSize : 0 (expected: >= 1)", rejected(RedisSettings.builder("redis://h").connectionPoolSize(0)));
        assertTrue(rejected(RedisSettings.builder("redis://h").timeout(Duration.ZERO)).startsWith("timeout : PT0S"));
    }

    @Test
    void build_usernameWithoutPassword_isRefused() {
        assertTrue(rejected(RedisSettings.builder("redis://h").username("ann")).startsWith("password : null"));
    }

    @Test
    void toString_neverShowsPassword() {
        String text = RedisSettings.builder("redis://h").username("ann").password("s3cret").build().toString();
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("password=***"), text);
    }
}
