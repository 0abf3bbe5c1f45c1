package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.HamokException;
import io.hamok.store.HashMapRemoteMap;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** A user-written typed RemoteMap (the seed's Redis example, in spirit) under HamokRemoteMap on three peers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserRemoteMapTest {
    private TestGrid grid;

    @BeforeAll
    void start() {
        String store = "user-map-" + System.nanoTime();
        grid = TestGrid.start(3, () -> MemoryStoreFactory.named(store));
    }

    @AfterAll
    void stop() {
        grid.close();
    }

    @Test
    void userMap_onEveryPeer_takesEveryOperation_andEvents() {
        HashMapRemoteMap<String, String> shared = new HashMapRemoteMap<>();
        String mapId = "typed-" + System.nanoTime();
        List<HamokRemoteMap<String, String>> maps = List.of(open(0, mapId, shared), open(1, mapId, shared), open(2, mapId, shared));
        List<String> events = new CopyOnWriteArrayList<>();
        maps.get(2).addListener(new MapListener<>() {
            @Override public void onInsert(String key, String value) { events.add("insert " + key + " " + value); }
            @Override public void onUpdate(String key, String old, String value) { events.add("update " + key + " " + old + " " + value); }
            @Override public void onRemove(String key, String old) { events.add("remove " + key + " " + old); }
        });
        assertNull(maps.get(0).set("a", "1").join());
        assertEquals("1", maps.get(1).insert("a", "x").join());
        assertTrue(maps.get(2).updateIf("a", "2", "1").join());
        assertFalse(maps.get(0).updateIf("a", "3", "1").join());
        assertEquals(Map.of("a", "2"), shared.snapshot(), "the data lives in the user's map");
        assertEquals("2", maps.get(1).get("a").join());
        assertTrue(maps.get(0).delete("a").join());
        maps.get(2).sync().join();
        assertEquals(List.of("insert a 1", "update a 1 2", "remove a 2"), events);
        maps.forEach(HamokRemoteMap::close);
    }

    @Test
    void userMap_missingOnTheLeader_failsWithAMessageThatSaysSo() {
        int leader = grid.awaitLeaderIndex();
        int follower = grid.otherThan(leader).orElseThrow();
        HamokRemoteMap<String, String> onlyHere = open(follower, "lonely-" + System.nanoTime(), new HashMapRemoteMap<>());
        CompletionException failure = assertThrows(CompletionException.class, () -> onlyHere.set("k", "v").join());
        assertTrue(failure.getCause() instanceof HamokException, failure.toString());
        assertTrue(failure.getCause().getMessage().contains("was not created on peer"), failure.getCause().getMessage());
        onlyHere.close();
    }

    private HamokRemoteMap<String, String> open(int peer, String mapId, HashMapRemoteMap<String, String> store) {
        return HamokRemoteMap.create(grid.peer(peer), HamokRemoteMapConfig.<String, String>builder(mapId).remoteMap(store).build());
    }
}
