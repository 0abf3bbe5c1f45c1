package io.hamok.map;

import io.hamok.store.StoreFactory;
import io.hamok.store.redis.RedisSettings;
import io.hamok.store.redis.RedisStoreFactory;
import io.hamok.testing.RedisServerFixture;

class RedisLeaderFailoverTest extends LeaderFailoverContract {
    @Override
    StoreFactory storeFactory() {
        return RedisStoreFactory.create(RedisSettings.builder(RedisServerFixture.url()).build());
    }
}
