package io.hamok.map;

import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.StoreFactory;
import io.hamok.store.StoreWrite;
import io.hamok.store.memory.MemoryStoreFactory;
import java.util.Map;
import java.util.Set;

/** The map contract on the in-memory store, shared by the three peers by name. */
class MemoryHamokRemoteMapTest extends HamokRemoteMapContract {
    private final String storeName = "map-contract-" + System.nanoTime();

    @Override
    StoreFactory storeFactory() {
        return MemoryStoreFactory.named(storeName);
    }

    @Override
    void corrupt(String mapId, String key) {
        try (MemoryStoreFactory factory = MemoryStoreFactory.named(storeName)) {
            factory.open(mapId).set(Bytes.wrap(defaultKeyBytes(key)), new Envelope(new byte[] {9, 9, 9}, 1, Envelope.ETERNAL)).join();
        }
    }
}
