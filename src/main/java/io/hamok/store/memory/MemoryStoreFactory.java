package io.hamok.store.memory;

import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens {@link MemoryRemoteMap}s: the embedded default store, which needs nothing installed.
 *
 * <ul>
 *   <li>{@link #create()} gives a private store, dropped when the factory closes.</li>
 *   <li>{@link #named(String)} gives a store shared by every open factory of that name in this JVM,
 *       so several peers in one JVM (tests, demos) see one store. Each factory holds one reference;
 *       the data is dropped when the last of them closes.</li>
 * </ul>
 *
 * <p><b>The data lives in this JVM only:</b> peers in other processes cannot share it.
 */
public final class MemoryStoreFactory implements StoreFactory {
    private static final Map<String, SharedStore> NAMED = new ConcurrentHashMap<>();

    private final String name;
    private final SharedStore store;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemoryStoreFactory(String name, SharedStore store) {
        this.name = name;
        this.store = store;
    }

    /** A factory over a private store of its own. */
    public static MemoryStoreFactory create() {
        return new MemoryStoreFactory(null, new SharedStore());
    }

    /**
     * A factory over the store of that name in this JVM, created if no open factory uses it.
     *
     * @throws IllegalArgumentException if the name is null or blank
     */
    public static MemoryStoreFactory named(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name : '" + name + "' (expected: a non-blank string)");
        }
        SharedStore store = NAMED.compute(name, (key, existing) -> {
            SharedStore shared = existing == null ? new SharedStore() : existing;
            shared.users++;
            return shared;
        });
        return new MemoryStoreFactory(name, store);
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
            throw new IllegalStateException(this + " is closed: cannot open map '" + mapId + "'");
        }
        return store.open(mapId);
    }

    /** Releases this factory's reference; the data is dropped when no open factory shares it. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (name == null) {
            store.drop();
            return;
        }
        NAMED.computeIfPresent(name, (key, shared) -> {
            if (shared != store) {
                return shared;
            }
            if (--shared.users > 0) {
                return shared;
            }
            shared.drop();
            return null;
        });
    }

    @Override
    public String toString() {
        return name == null ? "MemoryStoreFactory[private]" : "MemoryStoreFactory[" + name + "]";
    }

    /** The maps of one store and how many open factories use it. */
    private static final class SharedStore {
        private final Map<String, MemoryRemoteMap> maps = new ConcurrentHashMap<>();
        /** Changed only inside {@code NAMED.compute*} for this store's name, which serializes it. */
        private int users;
        private boolean dropped;

        MemoryRemoteMap open(String mapId) {
            MemoryRemoteMap map = maps.get(mapId);
            if (map != null) {
                return map;
            }
            synchronized (this) {
                if (dropped) {
                    throw new IllegalStateException("in-memory store was closed: cannot open map '" + mapId + "'");
                }
                return maps.computeIfAbsent(mapId, MemoryRemoteMap::new);
            }
        }

        synchronized void drop() {
            dropped = true;
            maps.values().forEach(MemoryRemoteMap::drop);
            maps.clear();
        }
    }

}
