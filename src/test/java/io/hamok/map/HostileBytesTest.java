package io.hamok.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.codec.Codec;
import io.hamok.codec.KryoCodec;
import io.hamok.exceptions.CodecException;
import io.hamok.jcache.copy.JavaSerializationCodec;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreWrite;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile values, crafted as bytes: a few KB of nested collections that would take minutes to decode (the
 * nested {@code HashSet} bomb for Java serialization), and collections nested until the stack overflows
 * (Kryo). Each is refused quickly with a {@link CodecException}, whether it came through the log (an entry
 * written by a map whose codec passes bytes through) or was written straight into the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileBytesTest {
    private TestGrid grid;

    @BeforeAll
    void start() {
        String store = "hostile-" + System.nanoTime();
        grid = TestGrid.start(1, () -> MemoryStoreFactory.named(store));
    }

    @AfterAll
    void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void javaSerialization_nestedHashSetBomb_isRefusedWithinSeconds() throws Exception {
        JavaSerializationCodec<Object> codec = new JavaSerializationCodec<>(getClass().getClassLoader(), Set.of(), "");
        byte[] bomb = hashSetBomb(100);
        assertTrue(bomb.length < 10_000, "a few KB: " + bomb.length);

        CodecException thrown = timed(() -> codec.decode(bomb));

        assertTrue(thrown.getMessage().contains("still decoding after"), thrown.getMessage());
    }

    @Test
    void javaSerialization_tooDeep_isRefused() throws Exception {
        JavaSerializationCodec<Object> codec = new JavaSerializationCodec<>(getClass().getClassLoader(), Set.of(), "");
        byte[] deep = serialize(nestedLists(250));

        CodecException thrown = timed(() -> codec.decode(deep));

        assertTrue(thrown.getMessage().contains("nested more than 200 deep"), thrown.getMessage());
        assertEquals(nestedLists(150), codec.decode(serialize(nestedLists(150))), "a value within the bound decodes");
    }

    @Test
    void kryo_listsNestedTenThousandDeep_areRefusedWithoutStackOverflow() throws Exception {
        Codec<Object> codec = KryoCodec.withDefaults();
        assertTrue(Arrays.equals(codec.encode(nestedLists(5)), kryoNestedLists(codec, 5)), "crafted as the codec writes");
        byte[] deep = kryoNestedLists(codec, 10_000);

        CodecException thrown = timed(() -> codec.decode(deep));

        assertTrue(thrown.getMessage().contains("Max depth exceeded"), thrown.getMessage());
        assertEquals(nestedLists(50), codec.decode(codec.encode(nestedLists(50))), "a value within the bound decodes");
    }

    @Test
    void bomb_throughTheLog_and_straightInTheStore_failsTheReadQuickly() throws Exception {
        byte[] bomb = hashSetBomb(100);
        Codec<Object> javaSerialization = new JavaSerializationCodec<>(getClass().getClassLoader(), Set.of(), "");
        assertHostileValueRefused("java-bomb", bomb, javaSerialization, "still decoding after");
    }

    @Test
    void deepKryo_throughTheLog_and_straightInTheStore_failsTheReadQuickly() throws Exception {
        Codec<Object> kryo = KryoCodec.withDefaults();
        assertHostileValueRefused("kryo-deep", kryoNestedLists(kryo, 10_000), kryo, "Max depth exceeded");
    }

    /**
     * Writes {@code hostile} once through the log (a map whose value codec passes bytes through) and once
     * straight into the store; reading either through a map with {@code codec} fails quickly and clearly.
     */
    private void assertHostileValueRefused(String mapId, byte[] hostile, Codec<Object> codec, String expected)
            throws Exception {
        HamokRemoteMap<String, byte[]> raw = HamokRemoteMap.create(grid.peer(0),
                HamokRemoteMapConfig.<String, byte[]>builder(mapId).valueCodec(new PassThrough()).build());
        HamokRemoteMap<String, Object> typed = HamokRemoteMap.create(grid.peer(0),
                HamokRemoteMapConfig.<String, Object>builder(mapId).valueCodec(codec).build());
        try {
            raw.set("through-the-log", hostile).get(30, TimeUnit.SECONDS);
            FencedRemoteMap store = grid.peer(0).store(mapId);
            long applied = store.appliedIndex().get(10, TimeUnit.SECONDS);
            Bytes key = Bytes.wrap(KryoCodec.<String>withDefaults().encode("in-the-store"));
            store.applyFenced(applied, applied, new StoreWrite(false, Map.of(key, new Envelope(hostile, applied, Envelope.ETERNAL)),
                    Set.of())).get(10, TimeUnit.SECONDS);

            for (String key2 : List.of("through-the-log", "in-the-store")) {
                CodecException thrown = timed(() -> {
                    try {
                        return typed.get(key2).get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                });
                assertTrue(thrown.getMessage().contains(expected), key2 + ": " + thrown.getMessage());
            }
            raw.set("afterwards", new byte[] {1}).get(30, TimeUnit.SECONDS);
            assertEquals(1, raw.get("afterwards").get(30, TimeUnit.SECONDS).length, "the map keeps working");
        } finally {
            typed.close();
            raw.close();
        }
    }

    private interface Failing {
        Object call() throws Throwable;
    }

    /** The CodecException the call threw, within 10 seconds. */
    private static CodecException timed(Failing call) {
        long started = System.nanoTime();
        Throwable thrown = null;
        try {
            call.call();
        } catch (Throwable e) {
            thrown = e;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 10_000, "refused within 10 s, took " + millis + " ms");
        return assertInstanceOf(CodecException.class, thrown, "the call failed with a CodecException");
    }

    /** The classic: each level's two sets hold the next level's two, so hashing the root visits 2^depth sets. */
    static byte[] hashSetBomb(int depth) throws Exception {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return serialize(root);
    }

    private static byte[] serialize(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static List<Object> nestedLists(int depth) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(list);
            list = outer;
        }
        return list;
    }

    /**
     * Lists nested {@code depth} deep in the Kryo codec's format, written by repeating what one more level
     * of nesting adds to the encoding (the codec itself refuses to write so deep).
     */
    private static byte[] kryoNestedLists(Codec<Object> codec, int depth) {
        byte[] one = codec.encode(nestedLists(1));
        byte[] two = codec.encode(nestedLists(2));
        int unit = two.length - one.length;
        int at = Arrays.mismatch(one, two);
        byte[] deep = new byte[one.length + unit * (depth - 1)];
        System.arraycopy(one, 0, deep, 0, at);
        for (int i = 0; i < depth - 1; i++) {
            System.arraycopy(two, at, deep, at + unit * i, unit);
        }
        System.arraycopy(one, at, deep, at + unit * (depth - 1), one.length - at);
        return deep;
    }

    /** A value codec that stores the bytes it is given. */
    private static final class PassThrough implements Codec<byte[]> {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }
    }
}
