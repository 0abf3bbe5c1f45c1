package io.hamok.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreWrite;
import io.hamok.testing.RedisServerFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Redis keys carry the grid's group id, so two grids that share a database and a map id keep their
 * own data; keys of the old layout (no group) are moved to the first grid that uses the map, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisKeyPrefixTest {
    private RedissonClient client;

    @BeforeAll
    void connect() {
        client = Redisson.create(RedisStoreFactory.toConfig(RedisSettings.builder(RedisServerFixture.url()).build()));
    }

    @AfterAll
    void disconnect() {
        client.shutdown();
    }

    @Test
    void twoGroups_sameMapId_keepTheirOwnDataIndexAndClear() throws Exception {
        String id = "shared-" + UUID.randomUUID();
        RedisStoreFactory first = new RedisStoreFactory(client, "app-one");
        RedisStoreFactory second = new RedisStoreFactory(client, "app-two");
        FencedRemoteMap one = first.open(id);
        FencedRemoteMap two = second.open(id);

        await(one.applyFenced(0, 10, new StoreWrite(false, Map.of(key("k"), envelope("one", 10)), Set.of())));
        await(two.applyFenced(0, 3, new StoreWrite(false, Map.of(key("k"), envelope("two", 3), key("only-two"), envelope("x", 3)),
                Set.of())));

        assertEquals("one", text(await(one.get(key("k")))));
        assertEquals("two", text(await(two.get(key("k")))));
        assertEquals(10L, await(one.appliedIndex()), "each grid fences against its own applied index");
        assertEquals(3L, await(two.appliedIndex()));
        assertEquals(1, await(one.size()));
        await(two.clear());
        assertEquals("one", text(await(one.get(key("k")))), "clearing one grid's map leaves the other's");
        assertNotEquals(((RedisRemoteMap) one).redisKeys().data(), ((RedisRemoteMap) two).redisKeys().data());
        assertTrue(((RedisRemoteMap) one).redisKeys().data().startsWith("hamok:app-one:{"), ((RedisRemoteMap) one).redisKeys().data());
    }

    @Test
    void oldLayout_movedOnceToTheFirstGroupThatUsesTheMap() throws Exception {
        String id = "legacy-" + UUID.randomUUID();
        RedisKeys old = RedisKeys.legacy(id);
        client.<byte[], byte[]>getMap(old.data(), ByteArrayCodec.INSTANCE).put(key("k").array(), envelope("old", 42).toBytes());
        client.getBucket(old.applied(), StringCodec.INSTANCE).set("42");
        client.getBucket(old.effects(), ByteArrayCodec.INSTANCE).set(new byte[] {7});
        client.getScoredSortedSet(old.requests(), ByteArrayCodec.INSTANCE).add(1, new byte[] {1, 2});

        RedisRemoteMap moved = (RedisRemoteMap) new RedisStoreFactory(client, "upgraded").open(id);
        assertEquals("old", text(await(moved.get(key("k")))), "the old data reads through the new keys");
        assertEquals(42L, await(moved.appliedIndex()));
        assertEquals(1, await(moved.lastEffects()).length);
        assertEquals(1, await(moved.appliedRequests()).size());
        for (String key : old.all()) {
            assertFalse(client.getBucket(key).isExists(), key + " is gone");
        }
        for (String key : moved.redisKeys().all()) {
            assertTrue(client.getBucket(key).isExists(), key + " holds the moved data");
        }
        assertNull(await(new RedisStoreFactory(client, "another").open(id).get(key("k"))),
                "a second group finds nothing: the old keys went to the first");
        await(moved.applyFenced(42, 43, new StoreWrite(false, Map.of(key("k"), envelope("new", 43)), Set.of())));
        assertEquals("new", text(await(moved.get(key("k")))));
    }

    @Test
    void oldLayoutNextToTheCurrentOne_leftAloneAndIgnored() throws Exception {
        String id = "both-" + UUID.randomUUID();
        RedisStoreFactory factory = new RedisStoreFactory(client, "both");
        FencedRemoteMap fresh = factory.open(id);
        await(fresh.applyFenced(0, 5, new StoreWrite(false, Map.of(key("k"), envelope("current", 5)), Set.of())));
        RedisKeys old = RedisKeys.legacy(id);
        client.<byte[], byte[]>getMap(old.data(), ByteArrayCodec.INSTANCE).put(key("k").array(), envelope("stale", 1).toBytes());

        FencedRemoteMap reopened = new RedisStoreFactory(client, "both").open(id);
        assertEquals("current", text(await(reopened.get(key("k")))));
        assertEquals(5L, await(reopened.appliedIndex()));
        assertTrue(client.getBucket(old.data()).isExists(), "the old keys are not deleted");
    }

    @Test
    void groupIds_thatCannotBeAKeyPrefix_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RedisStoreFactory(client, "a:b"));
        assertTrue(e.getMessage().startsWith("groupId : 'a:b' (expected:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RedisKeys.of("{tag}", "m"));
    }

    @Test
    void gridConfig_redisFactoryOfAnotherGroup_refused() {
        RedisStoreFactory other = new RedisStoreFactory(client, "other-app");
        GridConfig.Builder config = GridConfig.builder().groupId("this-app").storeFactory(other)
                .peers(List.of(new PeerAddress("a", "127.0.0.1", 7000))).localPeerId("a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::build);
        assertTrue(e.getMessage().startsWith("storeFactory : a RedisStoreFactory of group 'other-app' (expected: one of group 'this-app'"),
                e.getMessage());
        assertEquals("this-app", config.storeFactory(new RedisStoreFactory(client, "this-app")).build().groupId());
    }

    private static Bytes key(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Envelope envelope(String value, long version) {
        return new Envelope(value.getBytes(StandardCharsets.UTF_8), version, Envelope.ETERNAL);
    }

    private static String text(Envelope envelope) {
        return envelope == null ? null : new String(envelope.value(), StandardCharsets.UTF_8);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}
