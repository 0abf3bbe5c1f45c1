package io.hamok.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the JDK's unmodifiable collections ({@code List.of}, {@code Set.of}, {@code Map.of},
 * {@code Stream.toList()}, {@code Collections.empty*}/{@code singleton*}, {@code Arrays.asList}),
 * which Kryo cannot rebuild by reflection on Java 17. They decode as equal unmodifiable collections.
 */
final class JdkCollectionSerializers {
    private JdkCollectionSerializers() {}

    /** Registers them from {@code firstId} on; returns the next free id. The order fixes the ids: only append. */
    static int register(Kryo kryo, int firstId) {
        int id = firstId;
        ImmutableListSerializer lists = new ImmutableListSerializer();
        kryo.register(List.of().getClass(), lists, id++);
        kryo.register(List.of(1).getClass(), lists, id++);
        ImmutableSetSerializer sets = new ImmutableSetSerializer();
        kryo.register(Set.of().getClass(), sets, id++);
        kryo.register(Set.of(1).getClass(), sets, id++);
        ImmutableMapSerializer maps = new ImmutableMapSerializer();
        kryo.register(Map.of().getClass(), maps, id++);
        kryo.register(Map.of(1, 1).getClass(), maps, id++);
        // Kryo has default serializers for these; registering allows them and fixes their ids
        kryo.register(Collections.emptyList().getClass(), id++);
        kryo.register(Collections.emptySet().getClass(), id++);
        kryo.register(Collections.emptyMap().getClass(), id++);
        kryo.register(Collections.singletonList(1).getClass(), id++);
        kryo.register(Collections.singleton(1).getClass(), id++);
        kryo.register(Collections.singletonMap(1, 1).getClass(), id++);
        kryo.register(Arrays.asList().getClass(), id++);
        return id;
    }

    private static void writeElements(Kryo kryo, Output output, Collection<?> elements) {
        output.writeVarInt(elements.size(), true);
        for (Object element : elements) {
            kryo.writeClassAndObject(output, element);
        }
    }

    private static Object[] readElements(Kryo kryo, Input input, int factor) {
        int size = input.readVarInt(true);
        if (size < 0 || (long) size * factor > input.limit() - input.position()) {
            // every element takes at least one byte: a larger count is corrupt, not a reason to allocate
            throw new com.esotericsoftware.kryo.KryoException("corrupt collection size " + size);
        }
        Object[] elements = new Object[size * factor];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = kryo.readClassAndObject(input);
        }
        return elements;
    }

    private static final class ImmutableListSerializer extends Serializer<List<?>> {
        ImmutableListSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, List<?> list) {
            writeElements(kryo, output, list);
        }

        @Override
        public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
            Object[] elements = readElements(kryo, input, 1);
            // Stream.toList() may hold nulls, which List.of refuses
            return Arrays.stream(elements).anyMatch(e -> e == null)
                    ? Collections.unmodifiableList(Arrays.asList(elements)) : List.of(elements);
        }
    }

    private static final class ImmutableSetSerializer extends Serializer<Set<?>> {
        ImmutableSetSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Set<?> set) {
            writeElements(kryo, output, set);
        }

        @Override
        public Set<?> read(Kryo kryo, Input input, Class<? extends Set<?>> type) {
            return Set.of(readElements(kryo, input, 1));
        }
    }

    private static final class ImmutableMapSerializer extends Serializer<Map<?, ?>> {
        ImmutableMapSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Map<?, ?> map) {
            output.writeVarInt(map.size(), true);
            map.forEach((key, value) -> {
                kryo.writeClassAndObject(output, key);
                kryo.writeClassAndObject(output, value);
            });
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
            Object[] pairs = readElements(kryo, input, 2);
            Map.Entry[] entries = new Map.Entry[pairs.length / 2];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = Map.entry(pairs[2 * i], pairs[2 * i + 1]);
            }
            return Map.ofEntries(entries);
        }
    }
}
