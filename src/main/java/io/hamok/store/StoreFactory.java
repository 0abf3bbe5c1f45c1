package io.hamok.store;

/**
 * Opens the built-in store of a map by its id, so that any peer can lead for any map. One factory
 * serves a whole grid; {@link #close()} releases its connections.
 */
public interface StoreFactory extends AutoCloseable {
    /** The store for the map id; the same instance for the same id until closed. */
    FencedRemoteMap open(String mapId);

    @Override
    void close();
}
