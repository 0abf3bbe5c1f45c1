package io.hamok.raft.internal;

import io.hamok.store.FencedRemoteMap;

/** Finds the store of a map on this peer. */
interface StoreDirectory {
    /**
     * @param userStore whether the map uses a user-written store registered on this peer
     * @throws IllegalStateException when a user-written store is not registered here
     */
    FencedRemoteMap resolve(String mapId, boolean userStore);
}
