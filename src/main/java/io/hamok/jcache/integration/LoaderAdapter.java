package io.hamok.jcache.integration;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** Calls the cache's {@link CacheLoader} on the calling peer, wrapping failures as JSR-107 requires. */
public final class LoaderAdapter<K, V> {
    private final CacheLoader<K, V> loader;

    public LoaderAdapter(CacheLoader<K, V> loader) {
        this.loader = loader;
    }

    /**
     * Loads one value, {@code null} when the loader has none.
     *
     * @throws CacheLoaderException wrapping whatever the loader threw
     */
    public V load(K key) {
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheLoaderException("CacheLoader " + loader.getClass().getName() + " failed to load " + key, e);
        }
    }

    /**
     * Loads values; keys the loader has no value for (or a {@code null} one) are left out.
     *
     * @throws CacheLoaderException wrapping whatever the loader threw
     */
    public Map<K, V> loadAll(Set<? extends K> keys) {
        Map<K, V> loaded;
        try {
            loaded = loader.loadAll(keys);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (Exception e) {
            throw new CacheLoaderException("CacheLoader " + loader.getClass().getName() + " failed to load " + keys, e);
        }
        Map<K, V> result = new HashMap<>();
        if (loaded != null) {
            loaded.forEach((key, value) -> {
                if (key != null && value != null) {
                    result.put(key, value);
                }
            });
        }
        return result;
    }

    public void close() {
        if (loader instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException ignored) {
                // closing the loader must not stop the cache from closing
            }
        }
    }
}
