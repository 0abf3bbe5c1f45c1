package io.hamok.jcache.configuration;

import io.hamok.jcache.configuration.GridSettings.Keys;
import io.hamok.jcache.configuration.GridSettings.RedisOptions;
import io.hamok.store.redis.RedisStoreFactory;
import java.util.List;
import java.util.Properties;

/**
 * {@code hamok.redis.config}: a Redisson YAML file configures the Redis store instead of the
 * {@code hamok.redis.url}, credentials, database, pool and timeout settings, which must then be unset.
 */
final class RedisYamlSetting {
    private static final List<String> REPLACED = List.of(Keys.REDIS_URL, Keys.REDIS_USERNAME, Keys.REDIS_PASSWORD,
            Keys.REDIS_DATABASE, Keys.REDIS_CONNECTION_POOL_SIZE, Keys.REDIS_TIMEOUT);

    private RedisYamlSetting() {}

    /** The options of a store configured by the YAML file; checks the file now. */
    static RedisOptions options(Properties p) {
        String location = p.getProperty(Keys.REDIS_CONFIG).trim();
        for (String key : REPLACED) {
            String value = p.getProperty(key);
            if (value != null && !value.isBlank()) {
                throw new IllegalArgumentException(key + " : '" + (key.equals(Keys.REDIS_PASSWORD) ? "***" : value)
                        + "' (expected: unset when " + Keys.REDIS_CONFIG + " is set; put it in the Redisson YAML file '"
                        + location + "')");
            }
        }
        try {
            RedisStoreFactory.checkYaml(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Keys.REDIS_CONFIG + " : " + e.getMessage(), e);
        }
        return new RedisOptions(null, null, null, 0, 0, null, location);
    }

    /** Rejects {@code hamok.redis.config} where no Redis store is configured. */
    static void requireUnset(Properties p, String because) {
        String value = p.getProperty(Keys.REDIS_CONFIG);
        if (value != null && !value.isBlank()) {
            throw new IllegalArgumentException(Keys.REDIS_CONFIG + " : '" + value + "' (expected: unset with " + because + ")");
        }
    }
}
