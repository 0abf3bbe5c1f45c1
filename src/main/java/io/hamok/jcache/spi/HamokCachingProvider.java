package io.hamok.jcache.spi;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

import io.hamok.jcache.HamokCacheManager;

/**
 * The hamok JCache provider, found by {@code Caching.getCachingProvider()}. Its default URI gives the
 * embedded default (one local peer, in-memory store) unless the {@code hamok.config} system property or
 * {@code hamok.*} settings say otherwise; another {@code hamok:} URI names no file (its settings come from
 * the properties given), any other URI names a properties file ({@code file:},
 * {@code classpath:} or a path). See {@code docs/CONFIGURATION.md}.
 */
public final class HamokCachingProvider implements CachingProvider {
    /** The default cache-manager URI. */
    public static final URI DEFAULT_URI = URI.create("hamok:default");

    private final Map<ClassLoader, Map<URI, HamokCacheManager>> managers = new WeakHashMap<>();

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Properties managerProperties = properties == null ? new Properties() : properties;
        synchronized (managers) {
            Map<URI, HamokCacheManager> byUri = managers.computeIfAbsent(loader, key -> new HashMap<>());
            HamokCacheManager manager = byUri.get(managerUri);
            if (manager == null || manager.isClosed()) {
                manager = new HamokCacheManager(this, managerUri, loader, managerProperties);
                byUri.put(managerUri, manager);
            }
            return manager;
        }
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        ClassLoader loader = getClass().getClassLoader();
        return loader == null ? ClassLoader.getSystemClassLoader() : loader;
    }

    @Override
    public URI getDefaultURI() {
        return DEFAULT_URI;
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public void close() {
        List<HamokCacheManager> toClose = new ArrayList<>();
        synchronized (managers) {
            managers.values().forEach(byUri -> toClose.addAll(byUri.values()));
            managers.clear();
        }
        closeAll(toClose);
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        List<HamokCacheManager> toClose = new ArrayList<>();
        synchronized (managers) {
            Map<URI, HamokCacheManager> byUri = managers.remove(loader);
            if (byUri != null) {
                toClose.addAll(byUri.values());
            }
        }
        closeAll(toClose);
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        HamokCacheManager manager;
        synchronized (managers) {
            Map<URI, HamokCacheManager> byUri = managers.get(loader);
            manager = byUri == null ? null : byUri.remove(managerUri);
        }
        if (manager != null) {
            manager.close();
        }
    }

    /** Forgets a closed manager. */
    public void release(HamokCacheManager manager) {
        synchronized (managers) {
            Map<URI, HamokCacheManager> byUri = managers.get(manager.getClassLoader());
            if (byUri != null) {
                byUri.remove(manager.getURI(), manager);
            }
        }
    }

    @Override
    public boolean isSupported(OptionalFeature optionalFeature) {
        return false;
    }

    private static void closeAll(List<HamokCacheManager> toClose) {
        RuntimeException failure = null;
        for (HamokCacheManager manager : toClose) {
            try {
                manager.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
