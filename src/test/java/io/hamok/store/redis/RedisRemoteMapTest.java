package io.hamok.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.CodecException;
import io.hamok.exceptions.StoreException;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.FencedRemoteMapContractTest;
import io.hamok.store.StoreWrite;
import io.hamok.testing.RedisServerFixture;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/** The {@link FencedRemoteMap} contract on Redis, plus the Redis layout and script handling. */
class RedisRemoteMapTest extends FencedRemoteMapContractTest {
    private static RedissonClient client;
    private static RedisStoreFactory factory;

    @BeforeAll
    static void connect() {
        client = Redisson.create(RedisStoreFactory.toConfig(RedisSettings.builder(RedisServerFixture.url()).build()));
        factory = new RedisStoreFactory(client);
    }

    @AfterAll
    static void disconnect() {
        factory.close();
        client.shutdown();
    }

    @Override
    protected FencedRemoteMap open(String mapId) {
        return factory.open(mapId);
    }

    /** Writes raw bytes as the stored value of the key, bypassing the envelope. */
    private static void writeRaw(FencedRemoteMap map, Bytes key, byte[] raw) {
        client.<byte[], byte[]>getMap(RedisRemoteMap.dataKey(map.mapId()), ByteArrayCodec.INSTANCE).fastPut(key.array(), raw);
    }

    @Test
    void open_sameId_returnsSameInstance() {
        assertSame(factory.open(map.mapId()), factory.open(map.mapId()));
    }

    @Test
    void applyFenced_storesHashAndDecimalIndexUnderHashTaggedKeys() throws Exception {
        await(map.applyFenced(0, 123, new StoreWrite(false, Map.of(key("k"), envelope("v", 123)), Set.of())));
        String id = map.mapId();
        RedisKeys keys = ((RedisRemoteMap) map).redisKeys();
        assertEquals(new RedisKeys("hamok:hamok:{" + id + "}:data", "hamok:hamok:{" + id + "}:applied",
                "hamok:hamok:{" + id + "}:effects", "hamok:hamok:{" + id + "}:requests"), keys);
        assertEquals(keys.data(), RedisRemoteMap.dataKey(id));
        assertEquals("123", client.getBucket("hamok:hamok:{" + id + "}:applied", StringCodec.INSTANCE).get());
        assertEquals(1, client.getMap("hamok:hamok:{" + id + "}:data", ByteArrayCodec.INSTANCE).size());
        assertEquals("hash", client.getScript(StringCodec.INSTANCE).<String>eval(
                org.redisson.api.RScript.Mode.READ_ONLY, "return redis.call('TYPE', KEYS[1])['ok']",
                org.redisson.api.RScript.ReturnType.STATUS, java.util.List.of(RedisRemoteMap.dataKey(id))));
    }

    @Test
    void applyFenced_afterScriptFlush_reloadsScript() throws Exception {
        await(map.applyFenced(0, 1, new StoreWrite(false, Map.of(key("a"), envelope("1", 1)), Set.of())));
        client.getScript().scriptFlush();
        await(map.applyFenced(1, 2, new StoreWrite(false, Map.of(key("b"), envelope("2", 2)), Set.of())));
        await(map.set(key("c"), envelope("3", 3)));
        assertEquals(2L, await(map.appliedIndex()));
        assertEquals(3, await(map.size()));
    }

    @Test
    void appliedIndex_notANumber_failsWithStoreExceptionNamingKey() throws Exception {
        client.getBucket(RedisRemoteMap.appliedKey(map.mapId()), StringCodec.INSTANCE).set("twelve");
        StoreException e = assertInstanceOf(StoreException.class, failureOf(map.appliedIndex()));
        assertTrue(e.getMessage().contains(RedisRemoteMap.appliedKey(map.mapId())) && e.getMessage().contains("twelve"),
                e.getMessage());
    }

    @Test
    void create_withSettings_opensWorkingStoreAndCloseShutsClientDown() throws Exception {
        RedisStoreFactory own = RedisStoreFactory.create(RedisSettings.builder(RedisServerFixture.url())
                .connectionPoolSize(1).build());
        FencedRemoteMap viaOwn = own.open(map.mapId());
        await(viaOwn.set(key("k"), envelope("v", 1)));
        assertEquals("v", new String(await(map.get(key("k"))).value(), StandardCharsets.UTF_8));
        own.close();
        own.close();
        assertThrows(IllegalStateException.class, () -> own.open("x"));
    }

    @Test
    void create_aclUserWithPassword_authenticates() throws Exception {
        String user = "hamok-" + UUID.randomUUID();
        assertEquals("+OK", RedisServerFixture.send("ACL", "SETUSER", user, "on", ">s3cret", "~*", "+@all"));
        try (RedisStoreFactory asUser = RedisStoreFactory.create(RedisSettings.builder(RedisServerFixture.url())
                .username(user).password("s3cret").connectionPoolSize(1).build())) {
            await(asUser.open(map.mapId()).applyFenced(0, 1, new StoreWrite(false, Map.of(key("k"), envelope("v", 1)), Set.of())));
            assertEquals(1L, await(map.appliedIndex()));
        }
    }

    @Test
    void create_serverUnreachable_failsWithStoreExceptionNamingUrl() {
        StoreException e = assertThrows(StoreException.class, () -> RedisStoreFactory.create(
                RedisSettings.builder("redis://127.0.0.1:1").timeout(java.time.Duration.ofMillis(200)).build()));
        assertTrue(e.getMessage().contains("redis://127.0.0.1:1"), e.getMessage());
    }

    @Test
    void get_serverUnreachable_failsWithStoreExceptionNamingMap() throws Exception {
        org.redisson.config.Config config = RedisStoreFactory.toConfig(RedisSettings.builder("redis://127.0.0.1:1")
                .timeout(java.time.Duration.ofMillis(200)).build());
        config.setLazyInitialization(true);
        config.useSingleServer().setRetryAttempts(0).setConnectTimeout(200);
        RedissonClient lazy = Redisson.create(config);
        try (RedisStoreFactory unreachable = new RedisStoreFactory(lazy)) {
            String id = "m-" + UUID.randomUUID();
            StoreException e = assertInstanceOf(StoreException.class, failureOf(unreachable.open(id).get(key("k"))));
            assertTrue(e.getMessage().contains(id), e.getMessage());
        } finally {
            lazy.shutdown();
        }
    }

    // ---- corrupt stored bytes (only Redis holds raw bytes; the memory store keeps envelopes as objects)

    @Test
    void get_corruptStoredBytes_failsWithCodecExceptionNamingMapAndKey() throws Exception {
        writeRaw(map, key("bad"), "not an envelope".getBytes(StandardCharsets.UTF_8));
        CodecException e = assertInstanceOf(CodecException.class, failureOf(map.get(key("bad"))));
        assertTrue(e.getMessage().contains(map.mapId()), e.getMessage());
        assertTrue(e.getMessage().contains(key("bad").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt stored entry"), e.getMessage());
    }

    @Test
    void getAll_corruptStoredBytes_failsWithCodecException() throws Exception {
        await(map.set(key("good"), envelope("g", 1)));
        writeRaw(map, key("bad"), new byte[] {9, 9});
        CodecException e = assertInstanceOf(CodecException.class, failureOf(map.getAll(List.of(key("good"), key("bad")))));
        assertTrue(e.getMessage().contains(key("bad").toString()) && e.getMessage().contains("format 9"), e.getMessage());
    }

    @Test
    void set_overCorruptStoredBytes_failsWithCodecExceptionButWrites() throws Exception {
        writeRaw(map, key("bad"), new byte[0]);
        assertInstanceOf(CodecException.class, failureOf(map.set(key("bad"), envelope("fixed", 2))));
        assertEnvelope(envelope("fixed", 2), await(map.get(key("bad"))));
    }

    @Test
    void iterator_corruptStoredBytes_throwsCodecException() throws Exception {
        writeRaw(map, key("bad"), new byte[] {1, 2, 3});
        Iterator<Map.Entry<Bytes, Envelope>> iterator = map.iterator();
        assertTrue(iterator.hasNext());
        CodecException e = assertThrows(CodecException.class, iterator::next);
        assertTrue(e.getMessage().contains(map.mapId()), e.getMessage());
    }
}
