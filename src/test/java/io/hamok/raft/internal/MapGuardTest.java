package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.NearCacheLink;
import io.hamok.raft.NearCacheMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fill rule and the lease messages, as pure logic (no Raft server: the near caches' peer parts are never called). */
class MapGuardTest {
    private static final long BASE = 1_000;
    private final List<String> dropped = new ArrayList<>();
    private final NearCaches owner = NearCaches.create("p0", List.of("p1"), Duration.ofMillis(100),
            () -> { throw new AssertionError("no lease client in this test"); },
            () -> { throw new AssertionError("no Raft division in this test"); }, () -> 0, () -> 0);
    private final NearCacheLink.Invalidations invalidations = new NearCacheLink.Invalidations() {
        @Override
        public void invalidate(byte[] key) {
            dropped.add("key " + key[0]);
        }

        @Override
        public void invalidateAll() {
            dropped.add("all");
        }
    };

    @AfterEach
    void close() {
        owner.close();
    }

    @Test
    void mayFill_readThatCannotReflectASeenEntry_isRefused() {
        owner.storeIndexBase(BASE);
        MapGuard guard = new MapGuard("m", NearCacheMode.LINEARIZABLE, true, invalidations, owner);
        byte[] key = {1};
        assertTrue(guard.mayFill(key, 0, 0), "nothing seen yet");
        guard.touch(key, 5);
        assertEquals(List.of("key 1"), dropped);
        assertFalse(guard.mayFill(key, 4, 0), "read began before the store executed entry 5; absent");
        assertFalse(guard.mayFill(key, 4, BASE + 4), "stored version older than entry 5");
        assertTrue(guard.mayFill(key, 5, 0), "read began after the store executed entry 5");
        assertTrue(guard.mayFill(key, 0, BASE + 5), "stored version is entry 5's");
    }

    @Test
    void touchAll_raisesTheFloorOfEveryKey() {
        owner.storeIndexBase(BASE);
        MapGuard guard = new MapGuard("m", NearCacheMode.EVENTUAL, true, invalidations, owner);
        guard.touchAll(9);
        assertEquals(List.of("all"), dropped);
        assertFalse(guard.mayFill(new byte[] {7}, 8, BASE + 8));
        assertTrue(guard.mayFill(new byte[] {7}, 9, 0));
        assertTrue(guard.mayFill(new byte[] {7}, 0, BASE + 9));
    }

    @Test
    void mayFill_storeWithoutIndexVersions_reliesOnExecutionOnly() {
        owner.storeIndexBase(BASE);
        MapGuard guard = new MapGuard("m", NearCacheMode.LINEARIZABLE, false, invalidations, owner);
        guard.touch(new byte[] {1}, 5);
        assertFalse(guard.mayFill(new byte[] {1}, 4, BASE + 99), "a user store's version is a hash, not an index");
        assertTrue(guard.mayFill(new byte[] {1}, 5, 0));
    }

    @Test
    void mayFill_beforeTheLogIncarnationIsKnown_reliesOnExecutionOnly() {
        MapGuard guard = new MapGuard("m", NearCacheMode.LINEARIZABLE, true, invalidations, owner);
        guard.touch(new byte[] {1}, 5);
        assertFalse(guard.mayFill(new byte[] {1}, 0, Long.MAX_VALUE));
    }

    @Test
    void leaseMessages_roundTrip_andRefuseOtherBytes() {
        ByteString request = LeaseMessages.request("peer-7", true);
        assertTrue(LeaseMessages.isRequest(request));
        assertEquals(new LeaseMessages.Request("peer-7", true), LeaseMessages.readRequest(request));
        LeaseMessages.Grant grant = new LeaseMessages.Grant(true, 42, 3, 40);
        assertEquals(grant, LeaseMessages.readGrant(LeaseMessages.grant(grant)));
        assertFalse(LeaseMessages.isRequest(ByteString.copyFrom(new byte[] {Wire.VERSION, 1})), "a forwarded batch");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LeaseMessages.readGrant(ByteString.copyFrom(new byte[] {1, 2, 3})));
        assertEquals("not a near-cache lease grant: 3 bytes", bad.getMessage());
    }
}
