package io.hamok.jcache.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.CodecException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaSerializationCodecTest {
    private final JavaSerializationCodec<Object> codec =
            new JavaSerializationCodec<>(getClass().getClassLoader(), Set.of(), "");

    record Unlisted(int value) implements Serializable {}

    @Test
    void roundTrip_jdkValues_giveEqualValues() {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            map.put("k" + i, i % 2 == 0 ? (Object) i : new long[] {i});
        }
        Map<?, ?> decoded = (Map<?, ?>) codec.decode(codec.encode(map));
        assertEquals(100, decoded.size());
        assertEquals(42, decoded.get("k42"));
        assertArrayEquals(new long[] {43}, (long[]) decoded.get("k43"));
    }

    @Test
    void decode_classNotAllowed_failsNamingTheClassAndTheSetting() {
        byte[] bytes = new JavaSerializationCodec<>(getClass().getClassLoader(), Set.of(Unlisted.class), "")
                .encode(new Unlisted(1));
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
        assertTrue(e.getMessage().contains(Unlisted.class.getName()) && e.getMessage().contains("hamok.serialization.allow"),
                e.getMessage());
    }

    @Test
    void decode_arrayClaimingHugeLength_failsWithoutAllocating() {
        byte[] bytes = codec.encode(new long[4]);
        int lengthAt = bytes.length - 4 * Long.BYTES - Integer.BYTES;
        assertEquals(4, bytes[lengthAt + 3], "the array length precedes the elements");
        // 60,000,000 longs (480 MB): below any fixed array limit a filter could afford for real values
        bytes[lengthAt] = 0x03;
        bytes[lengthAt + 1] = (byte) 0x93;
        bytes[lengthAt + 2] = (byte) 0x87;
        bytes[lengthAt + 3] = 0x00;
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
        assertTrue(e.getMessage().contains("corrupt bytes: an array of 60000000 elements"), e.getMessage());
    }

    @Test
    void commonTypes_roundTripInCompactForms_andEqualValuesGiveEqualBytes() {
        Object[] values = {"", "key-1", "h\u00e9llo w\u00f6rld", "emoji \uD83D\uDE00", "lone \uD800 surrogate",
                new byte[0], new byte[] {1, 2, 3}, 0L, Long.MIN_VALUE, -1, Integer.MAX_VALUE};
        for (Object value : values) {
            Object decoded = codec.decode(codec.encode(value));
            if (value instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) decoded);
            } else {
                assertEquals(value, decoded);
                assertEquals(value.getClass(), decoded.getClass());
            }
            assertArrayEquals(codec.encode(value), codec.encode(value), "equal values, equal bytes: " + value);
        }
        assertTrue(codec.encode("key-1").length < 10, "a short string takes a compact form");
        assertTrue(codec.encode(1L)[0] != codec.encode(1)[0], "a Long and an Integer of one value stay different keys");
    }

    @Test
    void javaSerializedStrings_stillDecode() throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject("written before the compact forms");
        }
        assertEquals("written before the compact forms", codec.decode(bytes.toByteArray()));
    }

    @Test
    void corruptCompactForms_failWithCodecException() {
        byte[] notUtf8 = {1, (byte) 0xC3, (byte) 0x28};
        byte[] shortLong = {3, 0, 0, 0};
        byte[] unknownForm = {9, 1, 2};
        for (byte[] bytes : new byte[][] {notUtf8, shortLong, unknownForm, new byte[0]}) {
            CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
            assertTrue(e.getMessage().startsWith("corrupt bytes"), e.getMessage());
        }
    }
}
