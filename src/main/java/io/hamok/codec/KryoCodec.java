package io.hamok.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.Pool;
import io.hamok.exceptions.CodecException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The default codec: Kryo, decoding only allowed classes. Common JDK types are registered by a fixed
 * id (compact, the same on every peer); classes added with {@link Builder#allow(Class[])} travel by
 * name. Any other class fails to encode or decode with a {@link CodecException} that says how to
 * allow it: bytes never make this codec load an arbitrary class.
 *
 * <p>The JDK's unmodifiable collections ({@code List.of}, {@code Set.of}, {@code Map.of},
 * {@code Stream.toList()}, {@code Collections.empty*}/{@code singleton*}, {@code Arrays.asList}) are
 * registered too and decode as equal unmodifiable collections.
 *
 * <p>Every encoding starts with a format byte, so corrupt or foreign bytes are refused clearly.
 */
public final class KryoCodec<T> implements Codec<T> {
    /** How deep a value may nest objects; deeper bytes fail with a {@link CodecException}. */
    public static final int MAX_DEPTH = 64;
    private static final byte FORMAT = 1;
    private static final List<Class<?>> DEFAULT_TYPES = List.of(
            String.class, Integer.class, Long.class, Short.class, Byte.class, Boolean.class, Character.class,
            Double.class, Float.class, byte[].class, int[].class, long[].class, double[].class, char[].class,
            String[].class, Object[].class, java.math.BigInteger.class, java.math.BigDecimal.class,
            java.util.UUID.class, java.util.Date.class, java.time.Instant.class, java.time.Duration.class,
            java.time.LocalDate.class, java.time.LocalDateTime.class, java.time.LocalTime.class,
            java.util.ArrayList.class, java.util.LinkedList.class, java.util.HashMap.class,
            java.util.LinkedHashMap.class, java.util.TreeMap.class, java.util.HashSet.class,
            java.util.LinkedHashSet.class, java.util.TreeSet.class, java.util.concurrent.ConcurrentHashMap.class);

    private final Set<String> allowedNames;
    private final Pool<Kryo> kryos;

    private KryoCodec(Set<Class<?>> allowed) {
        this.allowedNames = new LinkedHashSet<>();
        allowed.forEach(type -> allowedNames.add(type.getName()));
        this.kryos = new Pool<>(true, false, 64) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
    }

    /** A codec for the common JDK types only. */
    public static <T> KryoCodec<T> withDefaults() {
        return new Builder().build();
    }

    /** A builder starting from the common JDK types. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public byte[] encode(T value) {
        Kryo kryo = kryos.obtain();
        try (Output output = new Output(64, -1)) {
            output.writeByte(FORMAT);
            kryo.writeClassAndObject(output, value);
            return output.toBytes();
        } catch (RuntimeException e) {
            throw codecCause(e).orElseGet(() -> new CodecException("cannot encode a " + (value == null ? "null" : value.getClass().getName())
                    + ": " + e.getMessage(), e));
        } finally {
            kryos.free(kryo);
        }
    }

    private static java.util.Optional<CodecException> codecCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CodecException codecException) {
                return java.util.Optional.of(codecException);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length < 2 || bytes[0] != FORMAT) {
            throw new CodecException("corrupt bytes: expected the Kryo codec's format " + FORMAT + ", got "
                    + (bytes == null ? "null" : bytes.length == 0 ? "0 bytes" : bytes.length + " bytes of format " + bytes[0]));
        }
        Kryo kryo = kryos.obtain();
        boolean clean = true;
        try (Input input = new BoundedInput(bytes, 1, bytes.length - 1)) {
            T value = (T) kryo.readClassAndObject(input);
            if (input.position() != bytes.length) {
                throw new CodecException("corrupt bytes: " + (bytes.length - input.position()) + " trailing bytes after the value");
            }
            return value;
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            clean = false;
            throw codecCause(e).orElseGet(() ->
                    new CodecException("corrupt bytes: cannot decode " + bytes.length + " bytes: " + e.getMessage(), e));
        } finally {
            if (clean) {
                kryos.free(kryo);
            }
        }
    }

    private Kryo newKryo() {
        Kryo kryo = new Kryo(new AllowListResolver(), null);
        kryo.setRegistrationRequired(false);
        kryo.setReferences(false);
        // hostile bytes nest a collection in a collection until the stack overflows: refuse them earlier
        kryo.setMaxDepth(MAX_DEPTH);
        kryo.setClassLoader(new AllowListClassLoader(allowedNames, Thread.currentThread().getContextClassLoader()));
        kryo.addDefaultSerializer(java.util.UUID.class, new UuidSerializer());
        BoundedSerializers.install(kryo);
        int id = 100;
        for (Class<?> type : DEFAULT_TYPES) {
            if (type == java.util.UUID.class) {
                // Kryo has no default serializer for UUID; its field serializer cannot open java.util on Java 17
                kryo.register(type, new DefaultSerializers.UUIDSerializer(), id++);
            } else {
                kryo.register(type, id++);
            }
        }
        JdkCollectionSerializers.register(kryo, id);
        return kryo;
    }

    private static String howToAllow(String className) {
        return "class " + className + " is not allowed by the codec; allow it with "
                + "KryoCodec.builder().allow(" + simpleName(className) + ".class).build() and set that codec "
                + "on the map (HamokRemoteMapConfig keyCodec/valueCodec) on every peer";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    /** UUIDs as two longs (Kryo's field serializer cannot reach into java.base). */
    private static final class UuidSerializer extends com.esotericsoftware.kryo.Serializer<java.util.UUID> {
        UuidSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, java.util.UUID uuid) {
            output.writeLong(uuid.getMostSignificantBits());
            output.writeLong(uuid.getLeastSignificantBits());
        }

        @Override
        public java.util.UUID read(Kryo kryo, Input input, Class<? extends java.util.UUID> type) {
            return new java.util.UUID(input.readLong(), input.readLong());
        }
    }

    /** Refuses to write a class that is neither registered nor allowed. */
    private final class AllowListResolver extends DefaultClassResolver {
        @Override
        @SuppressWarnings("rawtypes") // Kryo's signature
        public Registration registerImplicit(Class type) {
            if (!allowedNames.contains(type.getName())) {
                throw new CodecException(howToAllow(type.getName()));
            }
            return super.registerImplicit(type);
        }

        /** Refuses a class name before Kryo tries any class loader (it falls back to its own). */
        @Override
        protected Class<?> getTypeByName(String className) {
            if (!allowedNames.contains(className)) {
                throw new CodecException(howToAllow(className));
            }
            return super.getTypeByName(className);
        }
    }

    /** Loads only allowed class names, so decoding cannot load arbitrary classes. */
    private static final class AllowListClassLoader extends ClassLoader {
        private final Set<String> allowed;

        AllowListClassLoader(Set<String> allowed, ClassLoader parent) {
            super(parent == null ? KryoCodec.class.getClassLoader() : parent);
            this.allowed = allowed;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!allowed.contains(name)) {
                throw new ClassNotFoundException(howToAllow(name), new CodecException(howToAllow(name)));
            }
            return super.loadClass(name, resolve);
        }
    }

    /** Builds a {@link KryoCodec}. */
    public static final class Builder {
        private final Set<Class<?>> allowed = new LinkedHashSet<>();

        private Builder() {}

        /** Allows these classes (by name); list the same classes on every peer. */
        public Builder allow(Class<?>... types) {
            allowed.addAll(Arrays.asList(types));
            return this;
        }

        public <T> KryoCodec<T> build() {
            return new KryoCodec<>(allowed);
        }
    }
}
