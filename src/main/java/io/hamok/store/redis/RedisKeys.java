package io.hamok.store.redis;

import java.util.List;
import java.util.Objects;

/**
 * The Redis keys of one map of one grid: {@code hamok:<groupId>:{<mapId>}:<part>}. The group id keeps
 * two grids (two applications) that share a Redis database and a cache name apart; the braces are a
 * cluster hash tag, so every key of a map lives on one node.
 *
 * @param data     the hash: field = encoded key, value = envelope
 * @param applied  the applied log index, a decimal string (absent = 0)
 * @param effects  the last executed batch's effects, until published
 * @param requests the applied request ids, a sorted set scored by time
 */
public record RedisKeys(String data, String applied, String effects, String requests) {
    public RedisKeys {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(effects, "effects");
        Objects.requireNonNull(requests, "requests");
    }

    /** The keys of map {@code mapId} of grid {@code groupId}. */
    public static RedisKeys of(String groupId, String mapId) {
        RedisStoreFactory.requireGroupId(groupId);
        return under("hamok:" + groupId + ":{" + Objects.requireNonNull(mapId, "mapId") + "}:");
    }

    /** The keys of earlier versions, without a group: {@code hamok:{<mapId>}:<part>}, moved by {@link LegacyKeys}. */
    static RedisKeys legacy(String mapId) {
        return under("hamok:{" + Objects.requireNonNull(mapId, "mapId") + "}:");
    }

    private static RedisKeys under(String prefix) {
        return new RedisKeys(prefix + "data", prefix + "applied", prefix + "effects", prefix + "requests");
    }

    /** The four keys, in the order of the components. */
    public List<String> all() {
        return List.of(data, applied, effects, requests);
    }
}
