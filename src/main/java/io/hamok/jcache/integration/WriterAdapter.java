package io.hamok.jcache.integration;

import io.hamok.jcache.internal.Unwrap;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls the cache's {@link CacheWriter} on the calling peer before the change is submitted
 * (write-through), wrapping failures as JSR-107 requires. For the batch calls it reports which keys
 * the writer handled before it failed, since those, and only those, are then changed in the cache.
 */
public final class WriterAdapter<K, V> {
    private final CacheWriter<K, V> writer;

    /**
     * The keys a batch call handled, and the failure that stopped it, if any.
     *
     * @param done    keys written or deleted
     * @param failure the writer's failure, or {@code null}
     */
    public record Outcome<K>(Set<K> done, CacheWriterException failure) {}

    @SuppressWarnings("unchecked")
    public WriterAdapter(CacheWriter<? super K, ? super V> writer) {
        this.writer = (CacheWriter<K, V>) writer;
    }

    /** @throws CacheWriterException wrapping whatever the writer threw */
    public void write(K key, V value) {
        try {
            writer.write(new SimpleEntry<>(key, value));
        } catch (CacheWriterException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheWriterException("CacheWriter " + writer.getClass().getName() + " failed to write " + key, e);
        }
    }

    /** @throws CacheWriterException wrapping whatever the writer threw */
    public void delete(K key) {
        try {
            writer.delete(key);
        } catch (CacheWriterException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheWriterException("CacheWriter " + writer.getClass().getName() + " failed to delete " + key, e);
        }
    }

    /** Writes the entries; the outcome tells which were written before a failure. */
    public Outcome<K> writeAll(Map<? extends K, ? extends V> entries) {
        Collection<Cache.Entry<? extends K, ? extends V>> remaining = new ArrayList<>();
        entries.forEach((key, value) -> remaining.add(new SimpleEntry<>(key, value)));
        CacheWriterException failure = null;
        try {
            writer.writeAll(remaining);
            remaining.clear();
        } catch (CacheWriterException e) {
            failure = e;
        } catch (Exception e) {
            failure = new CacheWriterException("CacheWriter " + writer.getClass().getName() + " failed in writeAll", e);
        }
        Set<K> done = new LinkedHashSet<>(entries.keySet());
        for (Cache.Entry<? extends K, ? extends V> entry : remaining) {
            done.remove(entry.getKey());
        }
        return new Outcome<>(done, failure);
    }

    /** Deletes the keys; the outcome tells which were deleted before a failure. */
    public Outcome<K> deleteAll(Collection<? extends K> keys) {
        List<K> remaining = new ArrayList<>(keys);
        CacheWriterException failure = null;
        try {
            writer.deleteAll(remaining);
            remaining.clear();
        } catch (CacheWriterException e) {
            failure = e;
        } catch (Exception e) {
            failure = new CacheWriterException("CacheWriter " + writer.getClass().getName() + " failed in deleteAll", e);
        }
        Set<K> done = new LinkedHashSet<>(keys);
        remaining.forEach(done::remove);
        return new Outcome<>(done, failure);
    }

    public void close() {
        if (writer instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException ignored) {
                // closing the writer must not stop the cache from closing
            }
        }
    }

    /** The entry handed to the writer. */
    private record SimpleEntry<K, V>(K getKey, V getValue) implements Cache.Entry<K, V> {
        @Override
        public <T> T unwrap(Class<T> type) {
            return Unwrap.self(this, type);
        }
    }
}
