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
}
