package io.hamok.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.StaleLeaderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FencedRemoteMap}, written once and bound to each built-in store by a
 * concrete subclass. Every test works on a map with a fresh id.
 */
public abstract class FencedRemoteMapContractTest {
    protected FencedRemoteMap map;

    /** A store for a map id no other test uses. */
    protected abstract FencedRemoteMap open(String mapId);

    @BeforeEach
    void openMap() {
        map = open("contract-" + UUID.randomUUID());
    }

    @AfterEach
    void clearMap() throws Exception {
        if (map != null) {
            await(map.clear());
        }
    }

    // ---- helpers

    protected static Bytes key(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    protected static Envelope envelope(String value, long version) {
        return new Envelope(value.getBytes(StandardCharsets.UTF_8), version, Envelope.ETERNAL);
    }

    protected static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("store call did not complete within 10 s", e);
        }
    }

    protected static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    protected static void assertEnvelope(Envelope expected, Envelope actual) {
        assertNotNull(actual, "expected an envelope, got null");
        assertArrayEquals(expected.value(), actual.value(), "value");
        assertEquals(expected.version(), actual.version(), "version");
        assertEquals(expected.expiresAt(), actual.expiresAt(), "expiresAt");
    }

    private Map<Bytes, Envelope> entries(int count, String prefix, long version) {
        Map<Bytes, Envelope> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put(key(prefix + i), envelope("v" + i, version));
        }
        return entries;
    }

    private void assertContent(Map<Bytes, Envelope> expected) throws Exception {
        assertEquals(expected.size(), await(map.size()), "size");
        assertEquals(expected.keySet(), await(map.keys()), "keys");
        Map<Bytes, Envelope> actual = await(map.getAll(expected.keySet()));
        assertEquals(expected.keySet(), actual.keySet(), "getAll keys");
        expected.forEach((key, envelope) -> assertEnvelope(envelope, actual.get(key)));
    }

    // ---- plain reads and writes

    @Test
    void mapId_isTheOpenedId() {
        assertTrue(map.mapId().startsWith("contract-"));
    }

    @Test
    void size_emptyMap_isZero() throws Exception {
        assertEquals(0, await(map.size()));
    }

    @Test
    void size_afterSetAll_countsEntries() throws Exception {
        await(map.setAll(entries(7, "k", 1)));
        assertEquals(7, await(map.size()));
    }

    @Test
    void clear_filledMap_removesEntriesAndKeepsAppliedIndex() throws Exception {
        await(map.applyFenced(0, 5, new StoreWrite(false, entries(3, "k", 5), Set.of())));
        await(map.clear());
        assertEquals(0, await(map.size()));
        assertTrue(await(map.keys()).isEmpty());
        assertEquals(5L, await(map.appliedIndex()));
    }

    @Test
    void keys_manyEntries_returnsEveryKey() throws Exception {
        Map<Bytes, Envelope> entries = entries(1300, "key-", 1);
        await(map.setAll(entries));
        assertEquals(entries.keySet(), await(map.keys()));
    }

    @Test
    void get_missingKey_isNull() throws Exception {
        assertNull(await(map.get(key("missing"))));
    }

    @Test
    void get_afterSet_returnsValueVersionAndDeadline() throws Exception {
        Envelope stored = new Envelope(new byte[] {0, 1, 2, (byte) 255}, 42, 1_700_000_000_000L);
        await(map.set(key("k"), stored));
        assertEnvelope(stored, await(map.get(key("k"))));
    }

    @Test
    void get_emptyValueAndBinaryKey_roundTrips() throws Exception {
        Bytes binaryKey = Bytes.wrap(new byte[] {0, (byte) 0xff, '{', '}', 0});
        Envelope empty = new Envelope(new byte[0], 0, Envelope.ETERNAL);
        await(map.set(binaryKey, empty));
        assertEnvelope(empty, await(map.get(Bytes.wrap(new byte[] {0, (byte) 0xff, '{', '}', 0}))));
    }

    @Test
    void getAll_mixedKeys_returnsOnlyPresentEntries() throws Exception {
        await(map.setAll(Map.of(key("a"), envelope("1", 1), key("b"), envelope("2", 2))));
        Map<Bytes, Envelope> found = await(map.getAll(List.of(key("a"), key("b"), key("c"), key("a"))));
        assertEquals(Set.of(key("a"), key("b")), found.keySet());
        assertEnvelope(envelope("1", 1), found.get(key("a")));
        assertEnvelope(envelope("2", 2), found.get(key("b")));
    }

    @Test
    void getAll_noKeys_isEmpty() throws Exception {
        assertTrue(await(map.getAll(List.of())).isEmpty());
    }

    @Test
    void set_existingKey_returnsPreviousValue() throws Exception {
        assertNull(await(map.set(key("k"), envelope("old", 1))));
        assertEnvelope(envelope("old", 1), await(map.set(key("k"), envelope("new", 2))));
        assertEnvelope(envelope("new", 2), await(map.get(key("k"))));
    }

    @Test
    void setAll_someExisting_returnsPreviousValuesOfExistingKeysOnly() throws Exception {
        await(map.set(key("a"), envelope("a0", 1)));
        Map<Bytes, Envelope> previous = await(map.setAll(Map.of(key("a"), envelope("a1", 2), key("b"), envelope("b1", 2))));
        assertEquals(Set.of(key("a")), previous.keySet());
        assertEnvelope(envelope("a0", 1), previous.get(key("a")));
        assertContent(Map.of(key("a"), envelope("a1", 2), key("b"), envelope("b1", 2)));
    }

    @Test
    void setAll_noEntries_changesNothing() throws Exception {
        assertTrue(await(map.setAll(Map.of())).isEmpty());
        assertEquals(0, await(map.size()));
    }

    @Test
    void remove_existingKey_returnsRemovedValue() throws Exception {
        await(map.set(key("k"), envelope("v", 3)));
        assertEnvelope(envelope("v", 3), await(map.remove(key("k"))));
        assertNull(await(map.get(key("k"))));
    }

    @Test
    void remove_missingKey_isNull() throws Exception {
        assertNull(await(map.remove(key("missing"))));
    }

    @Test
    void removeAll_someMissing_returnsRemovedEntriesOnly() throws Exception {
        await(map.setAll(Map.of(key("a"), envelope("1", 1), key("b"), envelope("2", 1), key("c"), envelope("3", 1))));
        Map<Bytes, Envelope> removed = await(map.removeAll(List.of(key("a"), key("b"), key("x"))));
        assertEquals(Set.of(key("a"), key("b")), removed.keySet());
        assertEnvelope(envelope("2", 1), removed.get(key("b")));
        assertContent(Map.of(key("c"), envelope("3", 1)));
    }

    @Test
    void iterator_manyEntries_visitsEachEntryOnce() throws Exception {
        Map<Bytes, Envelope> entries = entries(1300, "it-", 9);
        await(map.setAll(entries));
        Map<Bytes, Envelope> seen = new HashMap<>();
        Iterator<Map.Entry<Bytes, Envelope>> iterator = map.iterator();
        while (iterator.hasNext()) {
            Map.Entry<Bytes, Envelope> entry = iterator.next();
            assertNull(seen.put(entry.getKey(), entry.getValue()), "seen twice: " + entry.getKey());
        }
        assertEquals(entries.keySet(), seen.keySet());
        entries.forEach((key, envelope) -> assertEnvelope(envelope, seen.get(key)));
    }

    @Test
    void iterator_emptyMap_hasNoNext() {
        assertTrue(!map.iterator().hasNext());
    }

    @Test
    void maps_differentIds_areIsolated() throws Exception {
        FencedRemoteMap other = open("contract-other-" + UUID.randomUUID());
        await(map.set(key("k"), envelope("mine", 1)));
        await(map.applyFenced(0, 3, new StoreWrite(false, Map.of(), Set.of())));
        assertNull(await(other.get(key("k"))));
        assertEquals(0, await(other.size()));
        assertEquals(0L, await(other.appliedIndex()));
    }

    // ---- fenced writes

    @Test
    void appliedIndex_newMap_isZero() throws Exception {
        assertEquals(0L, await(map.appliedIndex()));
    }

    @Test
    void appliedRequests_recordedWithTheWrite_areKeptUntilForgotten() throws Exception {
        assertEquals(Set.of(), await(map.appliedRequests()));
        await(map.applyFenced(0, 2, new StoreWrite(false, Map.of(key("a"), envelope("1", 2)), Set.of())
                .withRequests(new AppliedRequests(Set.of(key("r1"), key("r2")), 1_000, 0))));
        assertEquals(Set.of(key("r1"), key("r2")), await(map.appliedRequests()));

        await(map.applyFenced(2, 3, new StoreWrite(false, Map.of(), Set.of())
                .withRequests(new AppliedRequests(Set.of(key("r3")), 5_000, 2_000))));
        assertEquals(Set.of(key("r3")), await(map.appliedRequests()), "ids recorded before 2,000 are forgotten");
    }

    @Test
    void appliedRequests_staleWrite_recordsNothing() throws Exception {
        await(map.applyFenced(0, 2, new StoreWrite(false, Map.of(), Set.of())));
        Throwable refused = failureOf(map.applyFenced(1, 3, new StoreWrite(false, Map.of(), Set.of())
                .withRequests(new AppliedRequests(Set.of(key("r1")), 1_000, 0))));
        assertInstanceOf(io.hamok.exceptions.StaleLeaderException.class, refused);
        assertEquals(Set.of(), await(map.appliedRequests()));
    }

    @Test
    void applyFenced_matchingIndex_appliesPutsRemovesAndIndex() throws Exception {
        await(map.setAll(Map.of(key("gone"), envelope("x", 1), key("kept"), envelope("y", 1))));
        await(map.applyFenced(0, 10, new StoreWrite(false, Map.of(key("new"), envelope("n", 10)), Set.of(key("gone")))));
        assertEquals(10L, await(map.appliedIndex()));
        assertContent(Map.of(key("kept"), envelope("y", 1), key("new"), envelope("n", 10)));

        await(map.applyFenced(10, 12, new StoreWrite(false, Map.of(key("kept"), envelope("z", 12)), Set.of(key("absent")))));
        assertEquals(12L, await(map.appliedIndex()));
        assertContent(Map.of(key("kept"), envelope("z", 12), key("new"), envelope("n", 10)));
    }

    @Test
    void applyFenced_clearFirst_replacesEveryEntry() throws Exception {
        await(map.applyFenced(0, 4, new StoreWrite(false, entries(20, "old-", 4), Set.of())));
        await(map.applyFenced(4, 8, new StoreWrite(true, Map.of(key("fresh"), envelope("f", 8)), Set.of(key("old-1")))));
        assertEquals(8L, await(map.appliedIndex()));
        assertContent(Map.of(key("fresh"), envelope("f", 8)));
    }

    @Test
    void applyFenced_clearFirstOnly_emptiesMap() throws Exception {
        await(map.setAll(entries(5, "k", 1)));
        await(map.applyFenced(0, 1, new StoreWrite(true, Map.of(), Set.of())));
        assertEquals(0, await(map.size()));
        assertEquals(1L, await(map.appliedIndex()));
    }

    @Test
    void applyFenced_emptyWrite_advancesIndexOnly() throws Exception {
        await(map.set(key("k"), envelope("v", 1)));
        await(map.applyFenced(0, 7, new StoreWrite(false, Map.of(), Set.of())));
        assertEquals(7L, await(map.appliedIndex()));
        assertContent(Map.of(key("k"), envelope("v", 1)));
    }

    @Test
    void applyFenced_staleExpectedIndex_changesNothing() throws Exception {
        await(map.applyFenced(0, 5, new StoreWrite(false, Map.of(key("k"), envelope("v5", 5)), Set.of())));

        CompletableFuture<Void> stale = map.applyFenced(3, 9,
                new StoreWrite(true, Map.of(key("k"), envelope("v9", 9), key("other"), envelope("o", 9)), Set.of(key("k"))));
        StaleLeaderException refused = assertInstanceOf(StaleLeaderException.class, failureOf(stale));
        assertEquals(5L, refused.storedIndex());
        assertTrue(refused.getMessage().contains(map.mapId()), refused.getMessage());
        assertTrue(refused.getMessage().contains("expected applied index 3"), refused.getMessage());

        assertEquals(5L, await(map.appliedIndex()));
        assertContent(Map.of(key("k"), envelope("v5", 5)));
    }

    @Test
    void applyFenced_expectedIndexAheadOfStore_isRefused() throws Exception {
        Throwable refused = failureOf(map.applyFenced(4, 6, new StoreWrite(false, Map.of(key("k"), envelope("v", 6)), Set.of())));
        assertEquals(0L, assertInstanceOf(StaleLeaderException.class, refused).storedIndex());
        assertEquals(0, await(map.size()));
        assertEquals(0L, await(map.appliedIndex()));
    }

    @Test
    void applyFenced_newIndexBelowExpected_throwsNamingBothIndexes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> map.applyFenced(5, 4, new StoreWrite(false, Map.of(), Set.of())));
        assertTrue(e.getMessage().contains("newIndex : 4") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void applyFenced_largeBatch_appliesEveryPutAndRemove() throws Exception {
        await(map.setAll(entries(4500, "r-", 1)));
        Set<Bytes> removes = new HashSet<>(entries(4500, "r-", 1).keySet());
        Map<Bytes, Envelope> puts = entries(5001, "p-", 2);
        await(map.applyFenced(0, 2, new StoreWrite(false, puts, removes)));
        assertContent(puts);
        assertEquals(2L, await(map.appliedIndex()));
    }

    @Test
    void applyFenced_concurrentLeadersWithSameExpectedIndex_exactlyOneWins() throws Exception {
        ExecutorService leaders = Executors.newFixedThreadPool(2);
        try {
            long expected = 0;
            for (int round = 0; round < 20; round++) {
                long newIndex = expected + 10;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Throwable>> outcomes = new ArrayList<>();
                for (String leader : List.of("A", "B")) {
                    long from = expected;
                    StoreWrite write = new StoreWrite(false, Map.of(key("owner"), envelope(leader, newIndex),
                            key(leader + round), envelope(leader, newIndex)), Set.of());
                    outcomes.add(leaders.submit(() -> {
                        start.await();
                        try {
                            map.applyFenced(from, newIndex, write).get(10, TimeUnit.SECONDS);
                            return null;
                        } catch (ExecutionException e) {
                            return e.getCause();
                        }
                    }));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Throwable failure = outcomes.get(i).get(10, TimeUnit.SECONDS);
                    if (failure == null) {
                        winners.add(i == 0 ? "A" : "B");
                    } else {
                        assertEquals(newIndex, assertInstanceOf(StaleLeaderException.class, failure).storedIndex());
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": winners " + winners);
                String winner = winners.get(0);
                String loser = winner.equals("A") ? "B" : "A";
                assertEquals(newIndex, await(map.appliedIndex()));
                assertEquals(winner, new String(await(map.get(key("owner"))).value(), StandardCharsets.UTF_8));
                assertNull(await(map.get(key(loser + round))), "the loser's write leaked in round " + round);
                expected = newIndex;
            }
        } finally {
            leaders.shutdownNow();
        }
    }
}
