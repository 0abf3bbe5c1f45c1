package io.hamok.jcache;

import io.hamok.testing.RedisServerFixture;
import java.util.Properties;

/** Three peers over a real Redis server. */
class RedisThreePeerCacheTest extends ThreePeerCacheContract {
    @Override
    Properties storeSettings(String run) {
        Properties settings = new Properties();
        settings.setProperty("hamok.store", "redis");
        settings.setProperty("hamok.redis.url", RedisServerFixture.url());
        return settings;
    }
}
