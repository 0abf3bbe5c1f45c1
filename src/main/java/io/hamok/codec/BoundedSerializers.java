package io.hamok.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kryo's serializers for the JDK's mutable collections and maps and for object arrays, checking the size a value claims against
 * the bytes left (with a {@link BoundedInput}) before they allocate for it. Install with
 * {@link #install(Kryo)} before registering classes.
 */
public final class BoundedSerializers {
    private BoundedSerializers() {}

    /**
     * Makes the bounded serializers the defaults for the JDK's mutable collections and maps and for
     * object arrays (the JDK's immutable collections have {@link JdkCollectionSerializers}).
     */
    public static void install(Kryo kryo) {
        for (Class<?> type : List.of(ArrayList.class, LinkedList.class, HashSet.class, LinkedHashSet.class)) {
            kryo.addDefaultSerializer(type, BoundedCollectionSerializer.class);
        }
        for (Class<?> type : List.of(HashMap.class, LinkedHashMap.class, ConcurrentHashMap.class)) {
            kryo.addDefaultSerializer(type, BoundedMapSerializer.class);
        }
        kryo.addDefaultSerializer(TreeSet.class, BoundedTreeSetSerializer.class);
        kryo.addDefaultSerializer(TreeMap.class, BoundedTreeMapSerializer.class);
        kryo.addDefaultSerializer(Object[].class, BoundedObjectArraySerializer.class);
    }

    private static void require(Input input, long count, String what) {
        if (input instanceof BoundedInput bounded) {
            bounded.requireElements(count, 1, what);
        }
    }

    /** Every element takes at least one byte. */
    public static final class BoundedCollectionSerializer<T extends Collection> extends CollectionSerializer<T> {
        @Override
        protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
            require(input, size, "a " + type.getSimpleName());
            return super.create(kryo, input, type, size);
        }
    }

    /** Every entry takes at least two bytes (key and value). */
    public static final class BoundedMapSerializer<T extends Map> extends MapSerializer<T> {
        @Override
        protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
            require(input, 2L * size, "a " + type.getSimpleName());
            return super.create(kryo, input, type, size);
        }
    }

    /** Every element takes at least one byte; the comparator is read as Kryo does. */
    public static final class BoundedTreeSetSerializer extends DefaultSerializers.TreeSetSerializer {
        @Override
        protected TreeSet create(Kryo kryo, Input input, Class<? extends TreeSet> type, int size) {
            require(input, size, "a TreeSet");
            return super.create(kryo, input, type, size);
        }
    }

    /** Every entry takes at least two bytes; the comparator is read as Kryo does. */
    public static final class BoundedTreeMapSerializer extends DefaultSerializers.TreeMapSerializer {
        @Override
        protected TreeMap create(Kryo kryo, Input input, Class<? extends TreeMap> type, int size) {
            require(input, 2L * size, "a TreeMap");
            return super.create(kryo, input, type, size);
        }
    }

    /** Peeks at the stored length (plus one) before the array is allocated. */
    public static final class BoundedObjectArraySerializer extends ObjectArraySerializer {
        public BoundedObjectArraySerializer(Kryo kryo, Class type) {
            super(kryo, type);
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class type) {
            int start = input.position();
            int lengthPlusOne = input.readVarInt(true);
            require(input, lengthPlusOne - 1L, "an array of " + type.getComponentType().getSimpleName());
            input.setPosition(start);
            return super.read(kryo, input, type);
        }
    }
}
