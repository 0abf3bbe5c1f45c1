package io.hamok.jcache.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import io.hamok.codec.Codec;
import io.hamok.exceptions.CodecException;

/**
 * The default JCache codec: Java serialization (what JSR-107 store-by-value expects of keys and values),
 * decoding only allowed classes. Allowed are {@code java.*} and {@code javax.*} classes, the cache's
 * configured key and value types, and the patterns of {@code hamok.serialization.allow}
 * ({@link ObjectInputFilter} syntax: {@code com.example.Type}, {@code com.example.*}, {@code com.example.**}).
 * Any other class in the bytes fails with a {@link CodecException} that names it: bytes never make this
 * codec load an arbitrary class. Strings, byte arrays, longs and integers, the common keys and values,
 * take a compact form instead ({@link CompactForms}): a stream per value costs more than the rest of a
 * cache read.
 *
 * @param <T> the type of the values
 */
public final class JavaSerializationCodec<T> implements Codec<T> {
    private final ClassLoader classLoader;
    private final ObjectInputFilter filter;
    private final String allowed;

    /**
     * @param classLoader resolves classes while decoding
     * @param allowTypes  classes allowed besides {@code java.*} and {@code javax.*}
     * @param allowList   extra {@link ObjectInputFilter} patterns separated by {@code ;} or {@code ,} (may be empty)
     */
    public JavaSerializationCodec(ClassLoader classLoader, Set<Class<?>> allowTypes, String allowList) {
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        Set<String> patterns = new LinkedHashSet<>();
        patterns.add("java.**");
        patterns.add("javax.**");
        // what Spring's cache abstraction and Hibernate's second-level cache store on their own
        patterns.add("org.springframework.cache.support.NullValue");
        patterns.add("org.springframework.cache.interceptor.SimpleKey");
        patterns.add("org.hibernate.cache.**");
        for (Class<?> type : allowTypes) {
            Class<?> component = type;
            while (component.isArray()) {
                component = component.getComponentType();
            }
            if (!component.isPrimitive() && component != Object.class) {
                patterns.add(component.getName());
            }
        }
        for (String pattern : Objects.requireNonNull(allowList, "allowList").split("[;,]")) {
            if (!pattern.isBlank()) {
                patterns.add(pattern.trim());
            }
        }
        this.allowed = String.join(";", patterns);
        // resource limits first: hostile bytes must not exhaust stack or heap either
        this.filter = ObjectInputFilter.Config.createFilter("maxarray=67108864;" + allowed + ";!*");
    }

    @Override
    public byte[] encode(T value) {
        byte[] compact = CompactForms.encode(value);
        if (compact != null) {
            return compact;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new CodecException("cannot encode a " + value.getClass().getName() + ": " + e.getMessage()
                    + " is not Serializable (store-by-value needs Serializable keys and values, or a codec set with "
                    + "HamokConfiguration.setKeyCodec/setValueCodec)", e);
        } catch (IOException e) {
            throw new CodecException("cannot encode a " + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new CodecException("corrupt bytes: " + (bytes == null ? "null" : "0 bytes") + " where a value was expected");
        }
        if (bytes[0] != CompactForms.JAVA_SERIALIZATION) {
            return (T) CompactForms.decode(bytes);
        }
        String[] rejected = new String[1];
        long maxArrayLength = 4L * bytes.length + 64;
        long started = System.nanoTime();
        ObjectInputFilter recording = info -> {
            if (info.arrayLength() > maxArrayLength) {
                // every element takes at least a byte (a HashMap's table at most 4 per entry): corrupt or hostile
                rejected[0] = "an array of " + info.arrayLength() + " elements in " + bytes.length + " bytes";
                return ObjectInputFilter.Status.REJECTED;
            }
            String beyond = DecodeLimits.exceeded(info, bytes.length, started);
            if (beyond != null) {
                rejected[0] = beyond;
                return ObjectInputFilter.Status.REJECTED;
            }
            ObjectInputFilter.Status status = filter.checkInput(info);
            if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
                rejected[0] = info.serialClass().getName();
            }
            return status;
        };
        try (ObjectInputStream in = new FilteredInput(bytes, recording)) {
            return (T) in.readObject();
        } catch (InvalidClassException e) {
            if (rejected[0] != null && rejected[0].startsWith("an array of ")) {
                throw new CodecException("corrupt bytes: " + rejected[0], e);
            }
            if (rejected[0] != null && rejected[0].startsWith(DecodeLimits.PREFIX)) {
                throw new CodecException("corrupt or hostile bytes: " + rejected[0], e);
            }
            throw new CodecException("cannot decode: class " + (rejected[0] != null ? rejected[0] : e.classname)
                    + " is not allowed (allowed: " + allowed + "); allow it with the setting hamok.serialization.allow", e);
        } catch (IOException | ClassNotFoundException | RuntimeException | StackOverflowError e) {
            throw new CodecException("cannot decode " + bytes.length + " bytes: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "JavaSerializationCodec[allow=" + allowed + "]";
    }

    private final class FilteredInput extends ObjectInputStream {
        FilteredInput(byte[] bytes, ObjectInputFilter inputFilter) throws IOException {
            super(new ByteArrayInputStream(bytes));
            setObjectInputFilter(inputFilter);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
