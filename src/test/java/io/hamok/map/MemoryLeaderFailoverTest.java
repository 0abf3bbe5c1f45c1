package io.hamok.map;

import io.hamok.store.StoreFactory;
import io.hamok.store.memory.MemoryStoreFactory;

class MemoryLeaderFailoverTest extends LeaderFailoverContract {
    private final String storeName = "failover-" + System.nanoTime();

    @Override
    StoreFactory storeFactory() {
        return MemoryStoreFactory.named(storeName);
    }
}
