package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.hamok.codec.KryoCodec;
import io.hamok.exceptions.CodecException;
import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import io.hamok.store.StoreFactory;
import io.hamok.testing.TestGrid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Every HamokRemoteMap method and event on three peers over loopback, written once and bound to a
 * store by subclasses. Calls are made on the leader and on followers alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class HamokRemoteMapContract {
    private TestGrid grid;
    private String mapId;
    private final List<HamokRemoteMap<?, ?>> opened = new ArrayList<>();

    /** A store factory for one peer; peers of the grid must see the same data. */
    abstract StoreFactory storeFactory();

    @BeforeAll
    void startGrid() {
        grid = TestGrid.start(3, this::storeFactory);
    }

    @AfterAll
    void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @BeforeEach
    void newMapId(TestInfo info) {
        opened.forEach(HamokRemoteMap::close);
        opened.clear();
        mapId = info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
    }

    private <K, V> HamokRemoteMap<K, V> map(int peer, HamokRemoteMapConfig<K, V> config) {
        HamokRemoteMap<K, V> map = HamokRemoteMap.create(grid.peer(peer), config);
        opened.add(map);
        return map;
    }

    private HamokRemoteMap<String, String> map(int peer) {
        return map(peer, HamokRemoteMapConfig.<String, String>builder(mapId).build());
    }

    /** Maps on every peer, the leader first. */
    private List<HamokRemoteMap<String, String>> mapsLeaderFirst() {
        int leader = grid.awaitLeaderIndex();
        List<HamokRemoteMap<String, String>> maps = new ArrayList<>();
        maps.add(map(leader));
        for (int i = 0; i < grid.size(); i++) {
            if (i != leader) {
                maps.add(map(i));
            }
        }
        return maps;
    }

    @Test
    void set_onLeaderAndFollowers_readableEverywhere() {
        List<HamokRemoteMap<String, String>> maps = mapsLeaderFirst();
        for (int i = 0; i < maps.size(); i++) {
            assertNull(maps.get(i).set("k" + i, "v" + i).join());
        }
        for (HamokRemoteMap<String, String> map : maps) {
            for (int i = 0; i < maps.size(); i++) {
                assertEquals("v" + i, map.get("k" + i).join());
            }
        }
        assertEquals("v1", maps.get(2).set("k1", "w1").join(), "set returns the old value");
        assertEquals("w1", maps.get(0).get("k1").join());
    }

    @Test
    void setAll_getAll_returnOldValuesOfExistingKeys() {
        List<HamokRemoteMap<String, String>> maps = mapsLeaderFirst();
        maps.get(0).set("a", "1").join();
        Map<String, String> old = maps.get(1).setAll(Map.of("a", "2", "b", "3")).join();
        assertEquals(Map.of("a", "1"), old);
        assertEquals(Map.of("a", "2", "b", "3"), maps.get(2).getAll(List.of("a", "b", "missing")).join());
    }

    @Test
    void insert_neverOverwrites() {
        List<HamokRemoteMap<String, String>> maps = mapsLeaderFirst();
        assertNull(maps.get(1).insert("k", "first").join());
        assertEquals("first", maps.get(2).insert("k", "second").join());
        assertEquals("first", maps.get(0).get("k").join());
        Map<String, String> existing = maps.get(0).insertAll(Map.of("k", "third", "n", "new")).join();
        assertEquals(Map.of("k", "first"), existing);
        assertEquals("new", maps.get(1).get("n").join());
        assertEquals("first", maps.get(1).get("k").join());
    }

    @Test
    void deleteAndRemove_reportWhatExisted() {
        List<HamokRemoteMap<String, String>> maps = mapsLeaderFirst();
        maps.get(0).setAll(Map.of("a", "1", "b", "2", "c", "3", "d", "4")).join();
        assertTrue(maps.get(1).delete("a").join());
        assertFalse(maps.get(2).delete("a").join());
        assertEquals(Set.of("b"), maps.get(2).deleteAll(List.of("b", "zz")).join());
        assertTrue(maps.get(0).remove("c").join());
        assertFalse(maps.get(0).remove("c").join());
        assertEquals(Map.of("d", "4"), maps.get(1).removeAll(List.of("d", "zz")).join());
        assertTrue(maps.get(2).isEmpty().join());
    }

    @Test
    void updateIf_comparesWithEqualValues() {
        HamokRemoteMapConfig<String, String> caseInsensitive = HamokRemoteMapConfig.<String, String>builder(mapId)
                .equalValues(String::equalsIgnoreCase).build();
        HamokRemoteMap<String, String> a = map(0, caseInsensitive);
        HamokRemoteMap<String, String> b = map(1, caseInsensitive);
        a.set("k", "Hello").join();
        assertFalse(b.updateIf("k", "x", "other").join());
        assertTrue(b.updateIf("k", "World", "HELLO").join());
        assertEquals("World", a.get("k").join());
        assertFalse(a.updateIf("absent", "x", "y").join());
    }

    @Test
    void clear_sizeKeysIterator() {
        List<HamokRemoteMap<String, String>> maps = mapsLeaderFirst();
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            entries.put("k" + i, "v" + i);
        }
        maps.get(1).setAll(entries).join();
        assertEquals(50, maps.get(2).size().join());
        assertEquals(entries.keySet(), maps.get(0).keys().join());
        Map<String, String> iterated = new HashMap<>();
        maps.get(2).iterator().forEachRemaining(e -> iterated.put(e.getKey(), e.getValue()));
        assertEquals(entries, iterated);
        maps.get(2).clear().join();
        assertEquals(0, maps.get(0).size().join());
        assertTrue(maps.get(1).isEmpty().join());
        assertFalse(maps.get(1).iterator().hasNext());
    }

    @Test
    void events_seenOnEveryPeer_inCommitOrder_withOldValues() {
        List<HamokRemoteMap<String, String>> maps = mapsLeaderFirst();
        List<List<String>> seen = new ArrayList<>();
        for (HamokRemoteMap<String, String> map : maps) {
            List<String> events = new CopyOnWriteArrayList<>();
            seen.add(events);
            map.addListener(new RecordingListener(events));
        }
        maps.get(1).set("k", "v1").join();
        maps.get(2).set("k", "v2").join();
        maps.get(0).delete("k").join();
        maps.get(1).set("j", "x").join();
        maps.get(2).clear().join();
        List<String> expected = List.of("insert k v1", "update k v1 v2", "remove k v2", "insert j x", "clear");
        for (int i = 0; i < maps.size(); i++) {
            maps.get(i).sync().join();
            assertEquals(expected, seen.get(i), "events on peer " + i);
        }
    }

    @Test
    void writeBlind_overwritesWithoutReading_andReadsAgainOnceSomebodyListens() {
        List<HamokRemoteMap<String, String>> maps = mapsLeaderFirst();
        maps.get(0).set("k", "v1").join();
        KeyWrite<String, String> put = new KeyWrite<>("k", WriteKind.PUT, "v2", Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.ETERNAL);
        WriteResult<String> blind = maps.get(1).writeBlind(List.of(put)).join().get(0);
        assertTrue(blind.applied());
        assertEquals("v2", maps.get(2).get("k").join());
        assertTrue(maps.get(2).getEntry("k").join().version() == blind.version(), "the blind write stamped its version");

        List<String> events = new CopyOnWriteArrayList<>();
        maps.get(2).addListener(new RecordingListener(events));
        KeyWrite<String, String> again = new KeyWrite<>("k", WriteKind.PUT, "v3", Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.ETERNAL);
        maps.get(1).writeBlind(List.of(again)).join();
        maps.get(2).sync().join();
        assertEquals(List.of("update k v2 v3"), events, "with a listener the leader reads the old value for the event");
    }

    @Test
    void ownEvents_deliveredBeforeTheCallCompletes() {
        HamokRemoteMap<String, String> map = map(1);
        List<String> events = new CopyOnWriteArrayList<>();
        map.addListener(new RecordingListener(events));
        map.set("k", "v").join();
        assertEquals(List.of("insert k v"), events);
    }

    @Test
    void expiredEntry_readsAsAbsent_andIsRemovedWithAnExpireEvent() {
        HamokRemoteMap<String, String> writer = map(0);
        HamokRemoteMap<String, String> reader = map(2);
        List<String> events = new CopyOnWriteArrayList<>();
        writer.addListener(new RecordingListener(events));
        writer.write(List.of(new KeyWrite<>("k", WriteKind.PUT, "v", Condition.ALWAYS, 0, 200, Ttl.UNCHANGED)), false).join();
        assertEquals("v", reader.get("k").join());
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("k").join() == null);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("expire k v"));
        assertEquals(0, reader.size().join());
    }

    @Test
    void expiredEntriesNobodyReads_areRemovedByTheLeader_withExpireEvents() {
        HamokRemoteMap<String, String> writer = map(0);
        HamokRemoteMap<String, String> watcher = map(2);
        List<String> events = new CopyOnWriteArrayList<>();
        watcher.addListener(new RecordingListener(events));
        writer.write(List.of(new KeyWrite<>("short", WriteKind.PUT, "s", Condition.ALWAYS, 0, 300, Ttl.UNCHANGED),
                KeyWrite.put("eternal", "e")), false).join();
        assertEquals(2, watcher.size().join());
        await().atMost(Duration.ofSeconds(15)).until(() -> writer.size().join() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("expire short s"));
        assertEquals("e", watcher.get("eternal").join());
    }

    @Test
    void versionedWrite_failsWhenTheVersionMoved() {
        HamokRemoteMap<String, String> a = map(0);
        HamokRemoteMap<String, String> b = map(1);
        a.set("k", "v1").join();
        VersionedValue<String> read = b.getEntry("k").join();
        a.set("k", "v2").join();
        WriteResult<String> stale = b.write(List.of(KeyWrite.put("k", "v3", Condition.IF_VERSION, read.version())), true).join().get(0);
        assertFalse(stale.applied());
        assertEquals("v2", stale.oldValue());
        VersionedValue<String> fresh = b.getEntry("k").join();
        assertTrue(b.write(List.of(KeyWrite.put("k", "v3", Condition.IF_VERSION, fresh.version())), false).join().get(0).applied());
        assertEquals("v3", a.get("k").join());
    }

    @Test
    void largeBatches_areSplitByMaxOutboundMessageKeys() {
        HamokRemoteMap<Integer, Integer> map = map(1, HamokRemoteMapConfig.<Integer, Integer>builder(mapId)
                .maxOutboundMessageKeys(100).maxOutboundMessageValues(100).build());
        Map<Integer, Integer> entries = new LinkedHashMap<>();
        for (int i = 0; i < 1050; i++) {
            entries.put(i, i * 2);
        }
        assertTrue(map.setAll(entries).join().isEmpty());
        assertEquals(entries, map.getAll(entries.keySet()).join());
        assertEquals(1050, map.deleteAll(entries.keySet()).join().size());
    }

    @Test
    void twoMapsOfOneIdOnOnePeer_closingOne_leavesTheOtherListening() {
        HamokRemoteMap<String, String> first = map(1);
        HamokRemoteMap<String, String> second = map(1);
        List<String> firstEvents = new CopyOnWriteArrayList<>();
        List<String> secondEvents = new CopyOnWriteArrayList<>();
        first.addListener(new RecordingListener(firstEvents));
        second.addListener(new RecordingListener(secondEvents));
        HamokRemoteMap<String, String> writer = map(2);
        writer.set("a", "1").join();
        first.sync().join();
        first.close();
        writer.set("b", "2").join();
        second.sync().join();
        assertEquals(List.of("insert a 1", "close"), firstEvents);
        assertEquals(List.of("insert a 1", "insert b 2"), secondEvents);
    }

    @Test
    void noEvents_refusesListeners() {
        HamokRemoteMap<String, String> map = map(0, HamokRemoteMapConfig.<String, String>builder(mapId).noEvents(true).build());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> map.addListener(new MapListener<>() {}));
        assertTrue(refused.getMessage().contains("noEvents"), refused.getMessage());
        map.set("k", "v").join();
        assertEquals("v", map.get("k").join());
    }

    @Test
    void close_failsEveryCall_firesClose_andRemovesListeners() {
        HamokRemoteMap<String, String> map = map(2);
        List<String> events = new CopyOnWriteArrayList<>();
        map.addListener(new RecordingListener(events));
        map.close();
        assertTrue(map.isClosed());
        assertEquals(List.of("close"), events);
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> map.get("k"));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(IllegalStateException.class, () -> map.set("k", "v"));
        assertThrows(IllegalStateException.class, map::size);
        map(0).set("k", "after").join();
        assertEquals(List.of("close"), events, "no events after close");
    }

    @Test
    void nullKeysAndValues_areRefused() {
        HamokRemoteMap<String, String> map = map(0);
        assertThrows(NullPointerException.class, () -> map.set(null, "v"));
        assertThrows(NullPointerException.class, () -> map.set("k", null));
        assertThrows(NullPointerException.class, () -> map.get(null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(NullPointerException.class, () -> map.setAll(nullValue));
        assertNull(map.get("k").join(), "nothing of a refused call is stored");
    }

    @Test
    void valueOfAClassNotAllowed_isRefusedWithHowToAllowIt_andNothingChanges() {
        HamokRemoteMap<String, Object> map = map(1, HamokRemoteMapConfig.<String, Object>builder(mapId).build());
        map.set("k", "kept").join();
        CodecException refused = assertThrows(CodecException.class, () -> map.set("k", new NotAllowed()));
        assertTrue(refused.getMessage().contains(NotAllowed.class.getName()), refused.getMessage());
        assertTrue(refused.getMessage().contains("allow"), refused.getMessage());
        assertEquals("kept", map.get("k").join());
    }

    @Test
    void allowedUserClass_roundTrips() {
        HamokRemoteMapConfig<String, Allowed> config = HamokRemoteMapConfig.<String, Allowed>builder(mapId)
                .valueCodec(KryoCodec.builder().allow(Allowed.class).build()).build();
        map(0, config).set("k", new Allowed("x", 7)).join();
        assertEquals(new Allowed("x", 7), map(2, config).get("k").join());
    }

    @Test
    void oversizeValue_isRefused_andNothingChanges() {
        HamokRemoteMap<String, byte[]> map = map(0, HamokRemoteMapConfig.<String, byte[]>builder(mapId).maxValueBytes(1024).build());
        map.set("k", new byte[10]).join();
        CodecException refused = assertThrows(CodecException.class, () -> map.set("k", new byte[4096]));
        assertTrue(refused.getMessage().contains("maxValueBytes"), refused.getMessage());
        assertEquals(10, map.get("k").join().length);
    }

    @Test
    void corruptBytesInTheStore_giveACodecException_andOtherKeysSurvive() {
        HamokRemoteMap<String, String> map = map(0);
        map.setAll(Map.of("good", "g", "bad", "b")).join();
        corrupt(mapId, "bad");
        CompletionException read = assertThrows(CompletionException.class, () -> map.get("bad").join());
        assertInstanceOf(CodecException.class, read.getCause());
        assertEquals("g", map(1).get("good").join());
        CompletionException write = assertThrows(CompletionException.class, () -> map.set("bad", "new").join());
        assertTrue(write.getCause().getMessage().contains("corrupt"), write.getCause().getMessage());
        assertEquals("g2", map.set("good", "g2").thenCompose(old -> map.get("good")).join());
    }

    /** Overwrites the stored bytes of a key with garbage, behind the map's back. */
    abstract void corrupt(String mapId, String key);

    /** Encodes a key the way the default key codec does. */
    static byte[] defaultKeyBytes(String key) {
        return KryoCodec.<String>withDefaults().encode(key);
    }

    private record RecordingListener(List<String> events) implements MapListener<String, String> {
        @Override public void onInsert(String key, String value) { events.add("insert " + key + " " + value); }
        @Override public void onUpdate(String key, String oldValue, String newValue) { events.add("update " + key + " " + oldValue + " " + newValue); }
        @Override public void onRemove(String key, String oldValue) { events.add("remove " + key + " " + oldValue); }
        @Override public void onExpire(String key, String oldValue) { events.add("expire " + key + " " + oldValue); }
        @Override public void onClear() { events.add("clear"); }
        @Override public void onClose() { events.add("close"); }
    }

    static final class NotAllowed {}

    record Allowed(String name, int count) {}
}
