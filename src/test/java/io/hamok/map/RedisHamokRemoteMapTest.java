package io.hamok.map;

import io.hamok.store.StoreFactory;
import io.hamok.store.redis.RedisRemoteMap;
import io.hamok.store.redis.RedisSettings;
import io.hamok.store.redis.RedisStoreFactory;
import io.hamok.testing.RedisServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/** The map contract on a real Redis server. */
class RedisHamokRemoteMapTest extends HamokRemoteMapContract {
    private RedissonClient raw;

    @Override
    StoreFactory storeFactory() {
        return RedisStoreFactory.create(settings());
    }

    private static RedisSettings settings() {
        return RedisSettings.builder(RedisServerFixture.url()).build();
    }

    @Override
    void corrupt(String mapId, String key) {
        if (raw == null) {
            raw = Redisson.create(RedisStoreFactory.toConfig(settings()));
        }
        raw.<byte[], byte[]>getMap(RedisRemoteMap.dataKey(mapId), ByteArrayCodec.INSTANCE)
                .fastPut(defaultKeyBytes(key), new byte[] {9, 9, 9});
    }

    @AfterAll
    void closeRaw() {
        if (raw != null) {
            raw.shutdown();
        }
    }
}
