package io.hamok.store.redis;

import io.hamok.exceptions.StoreException;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreFactory;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * Opens the {@link RedisRemoteMap}s of one grid through one Redisson client. Every peer of a grid must
 * point at the same Redis server and database. Keys are prefixed by the grid's group id
 * ({@link RedisKeys}), so grids with different group ids can share a database and cache names.
 */
public final class RedisStoreFactory implements StoreFactory {
    /** Connections kept open while idle (at most the pool size). */
    static final int MINIMUM_IDLE_CONNECTIONS = 2;
    /** The group id of a grid that does not name one ({@code GridConfig}'s default). */
    public static final String DEFAULT_GROUP_ID = "hamok";

    private final RedissonClient client;
    private final String groupId;
    private final boolean ownsClient;
    private final Map<String, RedisRemoteMap> maps = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A factory for the default group over a client the caller manages: {@link #close()} does not shut it down. The client's type
     * is the Redisson embedded in this jar (relocated), so an application's own Redisson client does not fit
     * here; configure the store with {@link #create(RedisSettings, String)} or {@link #fromYaml(String, String)} instead.
     */
    public RedisStoreFactory(RedissonClient client) {
        this(client, DEFAULT_GROUP_ID);
    }

    /**
     * A factory for grid {@code groupId} over a client the caller manages: {@link #close()} does not shut it down.
     *
     * @throws IllegalArgumentException if the group id is not letters, digits, '-' or '_'
     */
    public RedisStoreFactory(RedissonClient client, String groupId) {
        this(Objects.requireNonNull(client, "client"), groupId, false);
    }

    private RedisStoreFactory(RedissonClient client, String groupId, boolean ownsClient) {
        this.client = client;
        this.groupId = requireGroupId(groupId);
        this.ownsClient = ownsClient;
    }

    /** The group whose maps this factory opens: the grid's {@code groupId}. */
    public String groupId() {
        return groupId;
    }

    static String requireGroupId(String groupId) {
        if (groupId == null || !groupId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("groupId : '" + groupId + "' (expected: letters, digits, '-' or '_')");
        }
        return groupId;
    }

    /**
     * A factory for the default group ({@value #DEFAULT_GROUP_ID}) with its own client; see
     * {@link #create(RedisSettings, String)}.
     */
    public static RedisStoreFactory create(RedisSettings settings) {
        return create(settings, DEFAULT_GROUP_ID);
    }

    /**
     * A factory for grid {@code groupId} with its own single-server Redisson client, shut down by
     * {@link #close()}. Connects at once, so a wrong url or password fails here rather than on the first write.
     *
     * @throws StoreException           if Redis cannot be reached or refuses the credentials
     * @throws IllegalArgumentException if the group id is not letters, digits, '-' or '_'
     */
    public static RedisStoreFactory create(RedisSettings settings, String groupId) {
        requireGroupId(groupId);
        Config config = toConfig(settings);
        try {
            return new RedisStoreFactory(Redisson.create(config), groupId, true);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to Redis at url " + settings.url() + " (database " + settings.database()
                    + (settings.username() == null ? "" : ", username '" + settings.username() + "'") + "): " + e.getMessage(), e);
        }
    }

    /**
     * A factory whose own Redisson client is configured by a Redisson YAML file, so that Sentinel, Cluster,
     * replicated servers, TLS and pools are set up as Redisson documents them. Whatever the file says, values
     * travel as raw bytes and every command goes to the master (a replica may lag behind acknowledged writes).
     * Shut down by {@link #close()}; connects at once.
     *
     * @param location {@code file:/path/redisson.yaml}, {@code classpath:redisson.yaml}, or a file path
     * @throws IllegalArgumentException if the file cannot be read or is not a Redisson configuration; the
     *                                  message names the location
     * @throws StoreException           if Redis cannot be reached or refuses the credentials
     */
    public static RedisStoreFactory fromYaml(String location) {
        return fromYaml(location, DEFAULT_GROUP_ID);
    }

    /** As {@link #fromYaml(String)}, for the maps of grid {@code groupId}. */
    public static RedisStoreFactory fromYaml(String location, String groupId) {
        requireGroupId(groupId);
        Config config = readYaml(location);
        try {
            return new RedisStoreFactory(Redisson.create(config), groupId, true);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to Redis configured by '" + location + "': " + e.getMessage(), e);
        }
    }

    /**
     * Checks a Redisson YAML file as {@link #fromYaml(String)} reads it, without connecting.
     *
     * @throws IllegalArgumentException if the file cannot be read or is not a Redisson configuration
     */
    public static void checkYaml(String location) {
        readYaml(location);
    }

    private static Config readYaml(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("location : '" + location + "' (expected: file:/path.yaml, classpath:resource.yaml or a path)");
        }
        return RedissonYaml.read(location, Thread.currentThread().getContextClassLoader());
    }

    /** The embedded Redisson's configuration for these settings, as {@link #create(RedisSettings)} uses it. */
    public static Config toConfig(RedisSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Config config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        SingleServerConfig server = config.useSingleServer()
                .setAddress(settings.url())
                .setDatabase(settings.database())
                .setUsername(settings.username())
                .setPassword(settings.password())
                .setConnectionPoolSize(settings.connectionPoolSize())
                .setConnectionMinimumIdleSize(Math.min(MINIMUM_IDLE_CONNECTIONS, settings.connectionPoolSize()))
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setTimeout((int) settings.timeout().toMillis());
        Objects.requireNonNull(server);
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the map id is null or blank
     * @throws IllegalStateException    if this factory is closed
     */
    @Override
    public FencedRemoteMap open(String mapId) {
        if (mapId == null || mapId.isBlank()) {
            throw new IllegalArgumentException("mapId : '" + mapId + "' (expected: a non-blank string)");
        }
        if (closed.get()) {
            throw new IllegalStateException("RedisStoreFactory is closed: cannot open map '" + mapId + "'");
        }
        return maps.computeIfAbsent(mapId, id -> new RedisRemoteMap(client, groupId, id));
    }

    /** Shuts the client down if this factory created it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsClient) {
            client.shutdown();
        }
    }
}
