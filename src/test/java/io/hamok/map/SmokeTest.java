package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void setOnOnePeer_getOnAnother() throws Exception {
        String name = "smoke-" + System.nanoTime();
        try (TestGrid grid = TestGrid.start(3, () -> MemoryStoreFactory.named(name))) {
            HamokRemoteMap<String, Integer> a = HamokRemoteMap.create(grid.peer(0), HamokRemoteMapConfig.<String, Integer>builder("m").build());
            HamokRemoteMap<String, Integer> b = HamokRemoteMap.create(grid.peer(1), HamokRemoteMapConfig.<String, Integer>builder("m").build());
            assertEquals(null, a.set("x", 1).get());
            assertEquals(1, b.get("x").get());
            assertEquals(1, b.set("x", 2).get());
            assertEquals(2, a.get("x").get());
        }
    }
}
