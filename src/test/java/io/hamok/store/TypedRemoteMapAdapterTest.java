package io.hamok.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.codec.Codec;
import io.hamok.codec.KryoCodec;
import io.hamok.exceptions.CodecException;
import io.hamok.exceptions.StaleLeaderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TypedRemoteMapAdapterTest {
    private final Codec<String> keys = KryoCodec.withDefaults();
    private final Codec<Integer> values = KryoCodec.withDefaults();
    private final HashMapRemoteMap<String, Integer> user = new HashMapRemoteMap<>();
    private final TypedRemoteMapAdapter<String, Integer> adapter = new TypedRemoteMapAdapter<>("typed", user, keys, values, 0);

    private Bytes key(String key) {
        return Bytes.wrap(keys.encode(key));
    }

    private Envelope envelope(int value) {
        return new Envelope(values.encode(value), 999, 12345);
    }

    private int valueOf(Envelope envelope) {
        return values.decode(envelope.value());
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause();
    }

    private static StoreWrite write(boolean clearFirst, Map<Bytes, Envelope> puts, Set<Bytes> removes) {
        return new StoreWrite(clearFirst, puts, removes);
    }

    @Test
    void get_presentKey_givesEncodedValueHashVersionAndEternalDeadline() throws Exception {
        user.set("a", 7).get();
        Envelope read = adapter.get(key("a")).get();
        assertArrayEquals(values.encode(7), read.value());
        assertEquals(TypedRemoteMapAdapter.versionOf(values.encode(7)), read.version());
        assertEquals(Envelope.ETERNAL, read.expiresAt());
        assertNull(adapter.get(key("missing")).get());
    }

    @Test
    void get_valueRewrittenEqual_keepsVersion_changedValue_changesVersion() throws Exception {
        user.set("a", 7).get();
        long first = adapter.get(key("a")).get().version();
        user.set("a", 7).get();
        assertEquals(first, adapter.get(key("a")).get().version());
        user.set("a", 8).get();
        assertNotEquals(first, adapter.get(key("a")).get().version());
    }

    @Test
    void versionOf_differentBytes_differ() {
        Set<Long> versions = new java.util.HashSet<>();
        for (int length = 0; length < 40; length++) {
            byte[] bytes = new byte[length];
            versions.add(TypedRemoteMapAdapter.versionOf(bytes));
            for (int i = 0; i < length; i++) {
                byte[] flipped = bytes.clone();
                flipped[i] = 1;
                versions.add(TypedRemoteMapAdapter.versionOf(flipped));
            }
        }
        assertEquals(40 + 39 * 40 / 2, versions.size());
        assertEquals(TypedRemoteMapAdapter.versionOf("abc".getBytes(StandardCharsets.UTF_8)),
                TypedRemoteMapAdapter.versionOf("abc".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void getAll_someMissing_keysAreTheRequestedBytes() throws Exception {
        user.setAll(Map.of("a", 1, "b", 2)).get();
        Map<Bytes, Envelope> found = adapter.getAll(List.of(key("a"), key("b"), key("c"))).get();
        assertEquals(Set.of(key("a"), key("b")), found.keySet());
        assertEquals(2, valueOf(found.get(key("b"))));
    }

    @Test
    void writes_storeDecodedValuesInUserMapAndReturnPrevious() throws Exception {
        assertNull(adapter.set(key("a"), envelope(1)).get());
        assertEquals(1, valueOf(adapter.set(key("a"), envelope(2)).get()));
        Map<Bytes, Envelope> previous = adapter.setAll(Map.of(key("a"), envelope(3), key("b"), envelope(4))).get();
        assertEquals(Set.of(key("a")), previous.keySet());
        assertEquals(2, valueOf(previous.get(key("a"))));
        assertEquals(Map.of("a", 3, "b", 4), user.snapshot());

        assertEquals(3, valueOf(adapter.remove(key("a")).get()));
        assertEquals(Set.of(key("b")), adapter.removeAll(List.of(key("b"), key("x"))).get().keySet());
        assertEquals(Map.of(), user.snapshot());
    }

    @Test
    void sizeKeysClearIterator_delegateToUserMap() throws Exception {
        user.setAll(Map.of("a", 1, "b", 2, "c", 3)).get();
        assertEquals(3, adapter.size().get());
        assertEquals(Set.of(key("a"), key("b"), key("c")), adapter.keys().get());
        Map<Bytes, Integer> iterated = new HashMap<>();
        Iterator<Map.Entry<Bytes, Envelope>> iterator = adapter.iterator();
        iterator.forEachRemaining(entry -> iterated.put(entry.getKey(), valueOf(entry.getValue())));
        assertEquals(Map.of(key("a"), 1, key("b"), 2, key("c"), 3), iterated);
        adapter.clear().get();
        assertEquals(0, user.size().get());
    }

    @Test
    void appliedIndex_startsAtConstructorValue() throws Exception {
        TypedRemoteMapAdapter<String, Integer> resumed = new TypedRemoteMapAdapter<>("typed", user, keys, values, 41);
        assertEquals(41L, resumed.appliedIndex().get());
        assertInstanceOf(StaleLeaderException.class, failureOf(resumed.applyFenced(0, 50, write(false, Map.of(), Set.of()))));
        resumed.applyFenced(41, 50, write(false, Map.of(key("a"), envelope(1)), Set.of())).get();
        assertEquals(50L, resumed.appliedIndex().get());
    }

    @Test
    void applyFenced_matchingIndex_writesUserMapAndAdvancesIndex() throws Exception {
        user.setAll(Map.of("old", 0, "gone", 0)).get();
        adapter.applyFenced(0, 3, write(false, Map.of(key("a"), envelope(1)), Set.of(key("gone")))).get();
        assertEquals(Map.of("old", 0, "a", 1), user.snapshot());
        adapter.applyFenced(3, 6, write(true, Map.of(key("b"), envelope(2)), Set.of(key("a")))).get();
        assertEquals(Map.of("b", 2), user.snapshot());
        assertEquals(6L, adapter.appliedIndex().get());
    }

    @Test
    void applyFenced_staleExpectedIndex_changesNothing() throws Exception {
        adapter.applyFenced(0, 5, write(false, Map.of(key("a"), envelope(1)), Set.of())).get();
        StaleLeaderException e = assertInstanceOf(StaleLeaderException.class,
                failureOf(adapter.applyFenced(2, 9, write(true, Map.of(key("b"), envelope(2)), Set.of(key("a"))))));
        assertEquals(5L, e.storedIndex());
        assertEquals(Map.of("a", 1), user.snapshot());
        assertEquals(5L, adapter.appliedIndex().get());
    }

    @Test
    void applyFenced_undecodableValue_failsAndChangesNothing() throws Exception {
        Envelope corrupt = new Envelope(new byte[] {42, 42}, 1, Envelope.ETERNAL);
        Throwable failure = failureOf(adapter.applyFenced(0, 1, write(true, Map.of(key("a"), envelope(1), key("b"), corrupt), Set.of())));
        assertInstanceOf(CodecException.class, failure);
        assertEquals(0L, adapter.appliedIndex().get());
        assertEquals(Map.of(), user.snapshot());
    }

    @Test
    void applyFenced_userMapFails_keepsIndexSoTheBatchCanBeRetried() throws Exception {
        HashMapRemoteMap<String, Integer> failing = new HashMapRemoteMap<>() {
            @Override
            public synchronized CompletableFuture<Map<String, Integer>> removeAll(java.util.Collection<? extends String> keys) {
                return CompletableFuture.failedFuture(new IllegalStateException("database down"));
            }
        };
        TypedRemoteMapAdapter<String, Integer> over = new TypedRemoteMapAdapter<>("typed", failing, keys, values, 0);
        StoreWrite batch = write(false, Map.of(key("a"), envelope(1)), Set.of(key("b")));
        assertEquals("database down", failureOf(over.applyFenced(0, 4, batch)).getMessage());
        assertEquals(0L, over.appliedIndex().get());
        assertThrows(ExecutionException.class, () -> over.applyFenced(0, 4, batch).get());
    }

    @Test
    void applyFenced_concurrentLeadersWithSameExpectedIndex_exactlyOneWins() throws Exception {
        ExecutorService leaders = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                long from = round * 2L;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int leader = 0; leader < 2; leader++) {
                    int value = leader;
                    outcomes.add(leaders.submit(() -> {
                        start.await();
                        try {
                            adapter.applyFenced(from, from + 2, write(false, Map.of(key("owner"), envelope(value)), Set.of())).get();
                            return true;
                        } catch (ExecutionException e) {
                            assertInstanceOf(StaleLeaderException.class, e.getCause());
                            return false;
                        }
                    }));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> outcome : outcomes) {
                    wins += outcome.get(5, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, wins, "round " + round);
            }
        } finally {
            leaders.shutdownNow();
        }
    }

    @Test
    void constructor_badArguments_nameTheSetting() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> new TypedRemoteMapAdapter<>(" ", user, keys, values, 0));
        assertTrue(blank.getMessage().startsWith("mapId : ' '"), blank.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new TypedRemoteMapAdapter<>("m", user, keys, values, -1));
        assertTrue(negative.getMessage().startsWith("appliedIndex : -1"), negative.getMessage());
        assertThrows(NullPointerException.class, () -> new TypedRemoteMapAdapter<>("m", null, keys, values, 0));
    }

    @Test
    void userMapReturningNullFuture_failsNamingTheMapClass() {
        HashMapRemoteMap<String, Integer> broken = new HashMapRemoteMap<>() {
            @Override
            public synchronized CompletableFuture<Integer> size() {
                return null;
            }
        };
        Throwable failure = failureOf(new TypedRemoteMapAdapter<>("m", broken, keys, values, 0).size());
        assertTrue(failure.getMessage().contains("null future") && failure.getMessage().contains("'m'"), failure.getMessage());
    }
}
