package io.hamok.jcache.configuration.internal;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import javax.cache.configuration.Factory;

/**
 * A factory that creates a new instance of a class named in a configuration file, through its public
 * no-argument constructor. If the class is itself a {@link Factory}, instances of it are asked in turn.
 *
 * @param <T> what it creates
 */
public final class ClassFactory<T> implements Factory<T>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final transient Class<?> type;

    private ClassFactory(Class<?> type) {
        this.type = type;
        this.className = type.getName();
    }

    /**
     * Loads a class and checks that it is a {@code T}, or a {@link Factory} (then it is trusted to make
     * {@code T}s), with a public no-argument constructor.
     *
     * @throws IllegalArgumentException naming {@code what} and the class, when it cannot be loaded or used
     */
    public static <T> ClassFactory<T> of(String className, Class<T> expected, ClassLoader loader, String what) {
        Objects.requireNonNull(className, "className");
        Class<?> type;
        try {
            type = Class.forName(className.trim(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(what + " : '" + className + "' (expected: a class on the class path: "
                    + e + ")");
        }
        if (!expected.isAssignableFrom(type) && !Factory.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(what + " : '" + className + "' (expected: a " + expected.getName()
                    + " or a javax.cache.configuration.Factory of one)");
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(what + " : '" + className + "' (expected: a public no-argument constructor)");
        }
        return new ClassFactory<>(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T create() {
        if (type == null) {
            throw new IllegalStateException("class " + className + " of a declared cache is not loaded in this copy");
        }
        try {
            Object instance = type.getConstructor().newInstance();
            return instance instanceof Factory<?> factory ? (T) factory.create() : (T) instance;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create " + className + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className + ": " + e, e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassFactory<?> that && className.equals(that.className);
    }

    @Override
    public int hashCode() {
        return className.hashCode();
    }

    @Override
    public String toString() {
        return "ClassFactory[" + className + "]";
    }
}
