package io.hamok.jcache.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.raft.GridConfig;
import io.hamok.store.StoreFactory;

/**
 * The one place that starts grid peers, opens maps and builds stores.
 *
 * <p>TEMPORARY: written against {@code io.hamok.raft.Grid}, {@code MemoryStoreFactory} and
 * {@code RedisStoreFactory} while those are still being merged into this branch, so it calls them by
 * reflection; once they are merged these bodies become direct calls.
 */
public final class GridLauncher {
    private GridLauncher() {}

    /** Starts one peer; the result is an {@code io.hamok.raft.Grid}. */
    public static AutoCloseable start(GridConfig config) {
        return (AutoCloseable) call("io.hamok.raft.Grid", "start", new Class<?>[] {GridConfig.class}, null, config);
    }

    /** Waits until the grid has a leader. */
    public static void awaitLeader(AutoCloseable grid, Duration timeout) {
        call(grid.getClass(), "awaitLeader", new Class<?>[] {Duration.class}, grid, timeout);
    }

    /** Opens a map on the grid. */
    @SuppressWarnings("unchecked")
    public static <K, V> HamokRemoteMap<K, V> openMap(AutoCloseable grid, HamokRemoteMapConfig<K, V> config) {
        Class<?> gridType = load("io.hamok.raft.Grid");
        return (HamokRemoteMap<K, V>) call(HamokRemoteMap.class, "create",
                new Class<?>[] {gridType, HamokRemoteMapConfig.class}, null, grid, config);
    }

    /** A private in-memory store, or the JVM-wide shared one of that name. */
    public static StoreFactory memoryStore(String name) {
        return name == null
                ? (StoreFactory) call("io.hamok.store.memory.MemoryStoreFactory", "create", new Class<?>[0], null)
                : (StoreFactory) call("io.hamok.store.memory.MemoryStoreFactory", "named", new Class<?>[] {String.class}, null, name);
    }

    /** A Redis store. */
    public static StoreFactory redisStore(String url, String username, String password, int database, int poolSize,
                                          Duration timeout) {
        Object builder = call("io.hamok.store.redis.RedisSettings", "builder", new Class<?>[] {String.class}, null, url);
        builder = call(builder.getClass(), "username", new Class<?>[] {String.class}, builder, username);
        builder = call(builder.getClass(), "password", new Class<?>[] {String.class}, builder, password);
        builder = call(builder.getClass(), "database", new Class<?>[] {int.class}, builder, database);
        builder = call(builder.getClass(), "connectionPoolSize", new Class<?>[] {int.class}, builder, poolSize);
        builder = call(builder.getClass(), "timeout", new Class<?>[] {Duration.class}, builder, timeout);
        Object settings = call(builder.getClass(), "build", new Class<?>[0], builder);
        return (StoreFactory) call("io.hamok.store.redis.RedisStoreFactory", "create",
                new Class<?>[] {settings.getClass()}, null, settings);
    }

    private static Object call(String type, String method, Class<?>[] parameters, Object target, Object... args) {
        return call(load(type), method, parameters, target, args);
    }

    private static Object call(Class<?> type, String name, Class<?>[] parameters, Object target, Object... args) {
        try {
            Method method = type.getMethod(name, parameters);
            method.setAccessible(true);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw Await.unwrap(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the map layer is missing " + type.getName() + "." + name
                    + " (merge branch main)", e);
        }
    }

    private static Class<?> load(String type) {
        try {
            return Class.forName(type, true, GridLauncher.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the map layer is missing " + type + " (merge branch main)", e);
        }
    }
}
