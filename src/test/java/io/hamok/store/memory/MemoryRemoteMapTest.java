package io.hamok.store.memory;

import io.hamok.store.FencedRemoteMap;
import io.hamok.store.FencedRemoteMapContractTest;
import org.junit.jupiter.api.AfterAll;

/** The {@link FencedRemoteMap} contract on the in-memory store. */
class MemoryRemoteMapTest extends FencedRemoteMapContractTest {
    private static final MemoryStoreFactory FACTORY = MemoryStoreFactory.create();

    @Override
    protected FencedRemoteMap open(String mapId) {
        return FACTORY.open(mapId);
    }

    @AfterAll
    static void closeFactory() {
        FACTORY.close();
    }
}
