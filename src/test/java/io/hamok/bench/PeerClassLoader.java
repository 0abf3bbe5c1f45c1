package io.hamok.bench;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads hamok's own classes ({@code io.hamok.*} from the main output) afresh and everything else
 * (JCache API, Ratis, Redisson, the JDK) from the application class loader.
 *
 * <p>Why: {@code io.hamok.jcache.internal.GridPeer.acquire} starts a peer and waits for a leader while
 * holding a JVM-wide lock, so three cache managers of one three-peer grid cannot start in one class
 * loader: the first waits for a quorum that the other two cannot join. One loader per manager gives
 * each its own copy of that lock, the closest we get to three processes while sharing one JVM.
 */
final class PeerClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    PeerClassLoader(String name, URL hamokClasses, ClassLoader parent) {
        super(name, new URL[] {hamokClasses}, parent);
    }

    /** A loader over the directory (or jar) that holds the hamok provider. */
    static PeerClassLoader forPeer(String name) {
        URL location = io.hamok.jcache.spi.HamokCachingProvider.class.getProtectionDomain().getCodeSource().getLocation();
        return new PeerClassLoader(name, location, PeerClassLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isolated(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notOurs) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static boolean isolated(String name) {
        return name.startsWith("io.hamok.") && !name.startsWith("io.hamok.bench.") && !name.startsWith("io.hamok.testing.");
    }
}
