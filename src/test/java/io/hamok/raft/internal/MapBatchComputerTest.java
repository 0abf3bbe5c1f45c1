package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.EffectKind;
import io.hamok.raft.command.KeyOutcome;
import io.hamok.raft.command.MapClear;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.StoreWrite;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leader's in-memory execution of a batch, in log order (pure logic). */
class MapBatchComputerTest {
    private static final long NOW = 1_000_000;
    private final Map<Bytes, Envelope> stored = new HashMap<>();

    private MapBatchComputer computer() {
        return new MapBatchComputer(stored, Set.of(), NOW);
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static RawWrite put(String key, String value, Condition condition, long version) {
        return new RawWrite(b(key), WriteKind.PUT, b(value), condition, version, Ttl.ETERNAL, Ttl.UNCHANGED);
    }

    private static MapWrite write(RawWrite... writes) {
        return new MapWrite("m", writes, true, false);
    }

    private static KeyOutcome outcome(MapBatchComputer.Computed computed) {
        return ((CommandResult.Written) computed.result()).outcomes()[0];
    }

    @Test
    void laterCommandsSeeEarlierOnes_inLogOrder() {
        MapBatchComputer computer = computer();
        assertTrue(outcome(computer.execute(5, write(put("k", "a", Condition.IF_ABSENT, 0)), false)).applied());
        KeyOutcome second = outcome(computer.execute(6, write(put("k", "b", Condition.IF_ABSENT, 0)), false));
        assertFalse(second.applied(), "the first insert is visible to the second");
        assertArrayEquals(b("a"), second.oldValue());
        assertTrue(outcome(computer.execute(7, write(put("k", "c", Condition.IF_VERSION, 5)), false)).applied());
        StoreWrite net = computer.storeWrite();
        assertArrayEquals(b("c"), net.puts().get(Bytes.wrap(b("k"))).value());
        assertEquals(7, net.puts().get(Bytes.wrap(b("k"))).version());
    }

    @Test
    void versionCondition_failsWhenTheStoredVersionDiffers() {
        stored.put(Bytes.wrap(b("k")), new Envelope(b("old"), 3, Envelope.ETERNAL));
        MapBatchComputer computer = computer();
        KeyOutcome stale = outcome(computer.execute(9, write(put("k", "new", Condition.IF_VERSION, 2)), false));
        assertFalse(stale.applied());
        assertEquals(3, stale.version());
        assertTrue(computer.storeWrite().isEmpty());
    }

    @Test
    void expiredEntry_isAbsentForConditions_andRemovedByExpireWithAnEvent() {
        stored.put(Bytes.wrap(b("k")), new Envelope(b("old"), 3, NOW - 1));
        MapBatchComputer computer = computer();
        RawWrite replace = put("k", "x", Condition.IF_PRESENT, 0);
        assertFalse(outcome(computer.execute(10, write(replace), false)).applied());
        RawWrite expire = new RawWrite(b("k"), WriteKind.EXPIRE, null, Condition.IF_VERSION, 3, 0, 0);
        MapBatchComputer.Computed computed = computer.execute(11, write(expire), true);
        assertTrue(outcome(computed).applied());
        assertEquals(EffectKind.EXPIRE, computed.effects()[0].kind());
        assertArrayEquals(b("old"), computed.effects()[0].oldValue());
        assertEquals(Set.of(Bytes.wrap(b("k"))), computer.storeWrite().removes());
    }

    @Test
    void ttl_isStampedWithTheLeadersClock_andZeroOnUpdateExpires() {
        MapBatchComputer computer = computer();
        RawWrite withTtl = new RawWrite(b("k"), WriteKind.PUT, b("v"), Condition.ALWAYS, 0, 500, Ttl.UNCHANGED);
        computer.execute(1, write(withTtl), false);
        assertEquals(NOW + 500, computer.storeWrite().puts().get(Bytes.wrap(b("k"))).expiresAt());
        RawWrite zeroOnUpdate = new RawWrite(b("k"), WriteKind.PUT, b("w"), Condition.ALWAYS, 0, Ttl.ETERNAL, 0);
        MapBatchComputer.Computed computed = computer.execute(2, write(zeroOnUpdate), true);
        assertEquals(EffectKind.EXPIRE, computed.effects()[0].kind());
        assertTrue(computer.storeWrite().puts().isEmpty());
    }

    @Test
    void clear_dropsEarlierChanges_andLaterPutsSurvive() {
        stored.put(Bytes.wrap(b("old")), new Envelope(b("1"), 1, Envelope.ETERNAL));
        MapBatchComputer computer = computer();
        computer.execute(2, write(put("a", "1", Condition.ALWAYS, 0)), false);
        MapBatchComputer.Computed clear = computer.execute(3, new MapClear("m", false), true);
        assertInstanceOf(CommandResult.Done.class, clear.result());
        assertEquals(EffectKind.CLEAR, clear.effects()[0].kind());
        KeyOutcome afterClear = outcome(computer.execute(4, write(put("old", "2", Condition.IF_ABSENT, 0)), false));
        assertTrue(afterClear.applied(), "after clear the old key is absent");
        StoreWrite net = computer.storeWrite();
        assertTrue(net.clearFirst());
        assertEquals(Set.of(Bytes.wrap(b("old"))), net.puts().keySet());
    }

    @Test
    void corruptKey_failsOnlyTheCommandThatTouchesIt() {
        MapBatchComputer computer = new MapBatchComputer(stored, Set.of(Bytes.wrap(b("bad"))), NOW);
        CommandResult failed = computer.execute(1, write(put("bad", "x", Condition.ALWAYS, 0)), false).result();
        assertInstanceOf(CommandResult.Failed.class, failed);
        assertTrue(((CommandResult.Failed) failed).message().contains("corrupt"));
        assertTrue(outcome(computer.execute(2, write(put("good", "y", Condition.ALWAYS, 0)), false)).applied());
        assertEquals(Set.of(Bytes.wrap(b("good"))), computer.storeWrite().puts().keySet());
    }

    @Test
    void deleteOfAnAbsentKey_isNotApplied_andHasNoEffect() {
        MapBatchComputer.Computed computed = computer().execute(1, write(new RawWrite(b("k"), WriteKind.DELETE, null,
                Condition.ALWAYS, 0, Ttl.UNCHANGED, Ttl.UNCHANGED)), true);
        assertFalse(outcome(computed).applied());
        assertEquals(0, computed.effects().length);
        assertNull(outcome(computed).oldValue());
    }

    @Test
    void needsStoredEntry_onlyABlindUnconditionalPutWithTheSameTtlEitherWay_skipsTheRead() {
        RawWrite eternal = new RawWrite(b("k"), WriteKind.PUT, b("v"), Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.ETERNAL);
        MapWrite blind = new MapWrite("m", new RawWrite[] {eternal}, false, false, true);
        assertFalse(MapBatchComputer.needsStoredEntry(blind, eternal, false));
        RawWrite timed = new RawWrite(b("k"), WriteKind.PUT, b("v"), Condition.ALWAYS, 0, 5_000, 5_000);
        assertFalse(MapBatchComputer.needsStoredEntry(blind, timed, false));

        assertTrue(MapBatchComputer.needsStoredEntry(blind, eternal, true), "effects need the old value");
        assertTrue(MapBatchComputer.needsStoredEntry(new MapWrite("m", new RawWrite[] {eternal}, false, false, false),
                eternal, false), "a caller that did not say blind may use existed");
        assertTrue(MapBatchComputer.needsStoredEntry(new MapWrite("m", new RawWrite[] {eternal}, true, false, true),
                eternal, false), "returnOld needs the old value");
        for (RawWrite dependsOnStored : new RawWrite[] {
                new RawWrite(b("k"), WriteKind.PUT, b("v"), Condition.IF_ABSENT, 0, Ttl.ETERNAL, Ttl.ETERNAL),
                new RawWrite(b("k"), WriteKind.PUT, b("v"), Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.UNCHANGED),
                new RawWrite(b("k"), WriteKind.PUT, b("v"), Condition.ALWAYS, 0, 0, 0),
                new RawWrite(b("k"), WriteKind.PUT, b("v"), Condition.ALWAYS, 0, 5_000, 6_000),
                new RawWrite(b("k"), WriteKind.DELETE, null, Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.ETERNAL)}) {
            assertTrue(MapBatchComputer.needsStoredEntry(blind, dependsOnStored, false), dependsOnStored.toString());
        }
    }

    @Test
    void blindPut_notRead_storesTheSameEntryAsWhenRead() {
        RawWrite eternal = new RawWrite(b("k"), WriteKind.PUT, b("new"), Condition.ALWAYS, 0, Ttl.ETERNAL, Ttl.ETERNAL);
        MapWrite blind = new MapWrite("m", new RawWrite[] {eternal}, false, false, true);
        stored.put(Bytes.wrap(b("k")), new Envelope(b("old"), 3, Envelope.ETERNAL));
        MapBatchComputer read = computer();
        read.execute(9, blind, false);
        MapBatchComputer unread = new MapBatchComputer(Map.of(), Set.of(), NOW);
        unread.execute(9, blind, false);

        Envelope afterRead = read.storeWrite().puts().get(Bytes.wrap(b("k")));
        Envelope afterUnread = unread.storeWrite().puts().get(Bytes.wrap(b("k")));
        assertArrayEquals(afterRead.value(), afterUnread.value());
        assertEquals(afterRead.version(), afterUnread.version());
        assertEquals(afterRead.expiresAt(), afterUnread.expiresAt());
    }
}
