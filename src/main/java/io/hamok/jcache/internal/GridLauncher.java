package io.hamok.jcache.internal;

import java.time.Duration;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.store.StoreFactory;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.store.redis.RedisSettings;
import io.hamok.store.redis.RedisStoreFactory;

/** The one place that starts grid peers, opens maps and builds stores. */
public final class GridLauncher {
    private GridLauncher() {}

    /** Starts one peer. */
    public static Grid start(GridConfig config) {
        return Grid.start(config);
    }

    /** Opens a map on the grid. */
    public static <K, V> HamokRemoteMap<K, V> openMap(Grid grid, HamokRemoteMapConfig<K, V> config) {
        return HamokRemoteMap.create(grid, config);
    }

    /** A private in-memory store, or the JVM-wide shared one of that name. */
    public static StoreFactory memoryStore(String name) {
        return name == null ? MemoryStoreFactory.create() : MemoryStoreFactory.named(name);
    }

    /** A Redis store for the maps of grid {@code groupId}, configured by a Redisson YAML file. */
    public static StoreFactory redisStore(String groupId, String redissonYaml) {
        return RedisStoreFactory.fromYaml(redissonYaml, groupId);
    }

    /** A Redis store for the maps of grid {@code groupId}. */
    public static StoreFactory redisStore(String groupId, String url, String username, String password, int database,
                                          int poolSize, Duration timeout) {
        return RedisStoreFactory.create(RedisSettings.builder(url).username(username).password(password)
                .database(database).connectionPoolSize(poolSize).timeout(timeout).build(), groupId);
    }
}
