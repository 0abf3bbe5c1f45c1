package io.hamok.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.CodecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KryoCodecTest {
    private final KryoCodec<Object> defaults = KryoCodec.withDefaults();

    /** A user type: a record. */
    record Point(int x, int y, String label) {}

    /** A user type: a plain class with a no-arg constructor. */
    static final class Account {
        String owner;
        long balance;
        List<String> tags = new ArrayList<>();

        @Override
        public boolean equals(Object other) {
            return other instanceof Account that && balance == that.balance && Objects.equals(owner, that.owner)
                    && Objects.equals(tags, that.tags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, balance, tags);
        }
    }

    enum Color { RED, GREEN }

    static Stream<Object> defaultTypes() {
        return Stream.of("text", "", "ünïcødé ✓", 42, -7L, (short) 3, (byte) -1, true, 'x', 3.25d, 1.5f,
                new BigInteger("123456789012345678901234567890"), new BigDecimal("-1234.5678"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new Date(1_700_000_000_000L),
                Instant.ofEpochSecond(1_700_000_000L, 123), Duration.ofMillis(1500), LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2024, 2, 29, 13, 14, 15), LocalTime.of(23, 59),
                new ArrayList<>(List.of(1, "two", 3L)), new LinkedList<>(List.of("a", "b")),
                new HashMap<>(Map.of("k", 1)), new LinkedHashMap<>(Map.of("k", List.of())), new TreeMap<>(Map.of("b", 2, "a", 1)),
                new HashSet<>(List.of(1, 2)), new LinkedHashSet<>(List.of("x")), new TreeSet<>(List.of(3, 1, 2)),
                new ConcurrentHashMap<>(Map.of("k", "v")),
                List.of(), List.of(1), List.of(1, 2, 3), Set.of(), Set.of("a"), Set.of("a", "b", "c"), Map.of(),
                Map.of("k", 1), Map.of("a", 1, "b", 2, "c", 3), java.util.Collections.emptyList(),
                java.util.Collections.emptySet(), java.util.Collections.emptyMap(), java.util.Collections.singletonList("x"),
                java.util.Collections.singleton(1), java.util.Collections.singletonMap("k", "v"), Arrays.asList("p", "q"),
                new ArrayList<>(List.of(new HashMap<>(Map.of("nested", new ArrayList<>(List.of(UUID.randomUUID())))))));
    }

    @ParameterizedTest
    @MethodSource("defaultTypes")
    void roundTrip_defaultType_givesEqualValue(Object value) {
        Object decoded = defaults.decode(defaults.encode(value));
        assertEquals(value, decoded);
        assertEquals(value.getClass(), decoded.getClass());
    }

    @Test
    void roundTrip_streamToListWithNull_givesEqualUnmodifiableList() {
        List<String> list = Stream.of("a", null).toList();
        @SuppressWarnings("unchecked")
        List<String> decoded = (List<String>) defaults.decode(defaults.encode(list));
        assertEquals(list, decoded);
        assertThrows(UnsupportedOperationException.class, () -> decoded.add("b"));
    }

    @Test
    void decode_collectionClaimingHugeSize_failsWithoutAllocating() {
        byte[] bytes = defaults.encode(List.of("a", "b", "c"));
        // format byte, class id varint, then the element count varint: make it claim ~2^28 elements
        byte[] hostile = Arrays.copyOf(bytes, bytes.length);
        int countAt = 2;
        while ((bytes[countAt - 1] & 0x80) != 0) {
            countAt++;
        }
        byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
        byte[] crafted = new byte[countAt + huge.length + hostile.length - countAt - 1];
        System.arraycopy(hostile, 0, crafted, 0, countAt);
        System.arraycopy(huge, 0, crafted, countAt, huge.length);
        System.arraycopy(hostile, countAt + 1, crafted, countAt + huge.length, hostile.length - countAt - 1);
        assertThrows(CodecException.class, () -> defaults.decode(crafted));
    }

    @Test
    void decode_hugeLengthAnywhere_failsWithCodecExceptionNotOutOfMemory() {
        Object[] values = {new byte[10], new ArrayList<>(List.of(1, 2)), new HashMap<>(Map.of(1, "x")),
                new HashSet<>(Set.of(1)), "h\u00e9llo w\u00f6rld", new long[3], new int[3], new double[2],
                new String[] {"a"}, new Object[] {1, "b"}, new TreeMap<>(Map.of("k", List.of(1)))};
        byte[] hugeVarInt = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x07};
        for (Object value : values) {
            byte[] bytes = defaults.encode(value);
            for (int at = 1; at < bytes.length; at++) {
                byte[] crafted = new byte[bytes.length - 1 + hugeVarInt.length];
                System.arraycopy(bytes, 0, crafted, 0, at);
                System.arraycopy(hugeVarInt, 0, crafted, at, hugeVarInt.length);
                System.arraycopy(bytes, at + 1, crafted, at + hugeVarInt.length, bytes.length - at - 1);
                try {
                    defaults.decode(crafted);
                } catch (CodecException expected) {
                    // refused clearly
                } catch (Throwable other) {
                    throw new AssertionError(value.getClass().getSimpleName() + " with a huge length at byte " + at
                            + " failed with " + other, other);
                }
            }
        }
    }

    @Test
    void roundTrip_arrays_giveEqualContent() {
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) defaults.decode(defaults.encode(new byte[] {1, 2, 3})));
        assertArrayEquals(new int[] {1, -2}, (int[]) defaults.decode(defaults.encode(new int[] {1, -2})));
        assertArrayEquals(new long[] {Long.MIN_VALUE}, (long[]) defaults.decode(defaults.encode(new long[] {Long.MIN_VALUE})));
        assertArrayEquals(new double[] {0.5}, (double[]) defaults.decode(defaults.encode(new double[] {0.5})));
        assertArrayEquals(new char[] {'a'}, (char[]) defaults.decode(defaults.encode(new char[] {'a'})));
        assertArrayEquals(new String[] {"a", null}, (String[]) defaults.decode(defaults.encode(new String[] {"a", null})));
        assertArrayEquals(new Object[] {"a", 1}, (Object[]) defaults.decode(defaults.encode(new Object[] {"a", 1})));
    }

    @Test
    void roundTrip_null_givesNull() {
        assertNull(defaults.decode(defaults.encode(null)));
    }

    @Test
    void encode_equalKeys_giveEqualBytes() {
        assertArrayEquals(defaults.encode("key-1"), KryoCodec.withDefaults().encode("key-1"));
        assertArrayEquals(defaults.encode(List.of(1, 2).hashCode()), defaults.encode(List.of(1, 2).hashCode()));
    }

    @Test
    void roundTrip_allowedUserClasses_giveEqualValues() {
        KryoCodec<Object> codec = KryoCodec.builder().allow(Point.class, Account.class, Color.class).build();
        Point point = new Point(1, -2, "p");
        assertEquals(point, codec.decode(codec.encode(point)));
        Account account = new Account();
        account.owner = "ann";
        account.balance = 99;
        account.tags.add("vip");
        assertEquals(account, codec.decode(codec.encode(account)));
        assertEquals(Color.GREEN, codec.decode(codec.encode(Color.GREEN)));
        List<Object> mixed = new ArrayList<>(List.of(point, "s", Color.RED));
        assertEquals(mixed, codec.decode(codec.encode(mixed)));
    }

    @Test
    void encode_classNotAllowed_failsNamingClassAndHowToAllow() {
        CodecException e = assertThrows(CodecException.class, () -> defaults.encode(new Point(1, 2, "p")));
        assertNamesClassAndRemedy(e, Point.class);
    }

    @Test
    void encode_classNotAllowedInsideCollection_failsNamingClass() {
        CodecException e = assertThrows(CodecException.class, () -> defaults.encode(new ArrayList<>(List.of("ok", new Point(1, 2, "p")))));
        assertNamesClassAndRemedy(e, Point.class);
    }

    @Test
    void decode_classNotAllowed_failsNamingClassAndHowToAllow() {
        byte[] bytes = KryoCodec.builder().allow(Point.class).build().encode(new Point(1, 2, "p"));
        CodecException e = assertThrows(CodecException.class, () -> defaults.decode(bytes));
        assertNamesClassAndRemedy(e, Point.class);
    }

    @Test
    void decode_classNotAllowedInsideCollection_failsNamingClass() {
        byte[] bytes = KryoCodec.builder().allow(Account.class).build().encode(new HashMap<>(Map.of("a", new Account())));
        CodecException e = assertThrows(CodecException.class, () -> defaults.decode(bytes));
        assertNamesClassAndRemedy(e, Account.class);
    }

    @Test
    void decode_corruptBytes_failsWithCodecException() {
        byte[] valid = defaults.encode(new HashMap<>(Map.of("key", List.of("a", "b"))));
        byte[] garbage = valid.clone();
        for (int i = 1; i < garbage.length; i++) {
            garbage[i] = (byte) 0xFF;
        }
        assertThrows(CodecException.class, () -> defaults.decode(garbage));
        assertThrows(CodecException.class, () -> defaults.decode(new byte[] {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
    }

    @Test
    void decode_wrongFormatByte_failsNamingFormats() {
        byte[] bytes = defaults.encode("text");
        bytes[0] = 7;
        CodecException e = assertThrows(CodecException.class, () -> defaults.decode(bytes));
        assertTrue(e.getMessage().contains("format 1") && e.getMessage().contains("format 7"), e.getMessage());
    }

    @Test
    void decode_emptyOrNull_failsWithCodecException() {
        assertThrows(CodecException.class, () -> defaults.decode(new byte[0]));
        assertThrows(CodecException.class, () -> defaults.decode(new byte[] {1}));
        assertThrows(CodecException.class, () -> defaults.decode(null));
    }

    @Test
    void decode_truncatedBytes_failsWithCodecException() {
        byte[] full = defaults.encode(new ArrayList<>(List.of("alpha", "beta", 12345678901L)));
        for (int length = 2; length < full.length; length++) {
            byte[] truncated = Arrays.copyOf(full, length);
            assertThrows(CodecException.class, () -> defaults.decode(truncated), "truncated to " + truncated.length + " bytes");
        }
    }

    @Test
    void decode_trailingBytes_failsWithCodecException() {
        byte[] full = defaults.encode("text");
        byte[] longer = Arrays.copyOf(full, full.length + 2);
        CodecException e = assertThrows(CodecException.class, () -> defaults.decode(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void codec_manyThreads_roundTripsConsistently() throws Exception {
        KryoCodec<Object> codec = KryoCodec.builder().allow(Point.class).build();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        Point point = new Point(id, i, "p" + i);
                        assertEquals(point, codec.decode(codec.encode(point)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }

    private static void assertNamesClassAndRemedy(CodecException e, Class<?> type) {
        String message = e.getMessage();
        assertTrue(message.contains(type.getName()), message);
        assertTrue(message.contains("KryoCodec.builder().allow("), message);
    }
}
