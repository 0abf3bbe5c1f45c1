package io.hamok.jcache.management;

import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers a cache's MXBeans in the platform MBean server under the names JSR-107 prescribes:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}.
 */
public final class JmxRegistration {
    /** The two kinds of bean. */
    public enum Kind {
        CONFIGURATION("CacheConfiguration"), STATISTICS("CacheStatistics");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    private JmxRegistration() {}

    /** Registers the bean, replacing nothing: a name already taken is left alone. */
    public static <T> void register(Cache<?, ?> cache, Kind kind, T bean, Class<T> type) {
        register(objectName(cache, kind), new StandardMBean(bean, type, true));
    }

    /** Unregisters the bean if registered. */
    public static void unregister(Cache<?, ?> cache, Kind kind) {
        unregister(objectName(cache, kind));
    }

    /** Registers a bean under a name in the platform MBean server; a name already taken is left alone. */
    static void register(ObjectName name, StandardMBean bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
            }
        } catch (InstanceAlreadyExistsException ignored) {
            // registered concurrently: the same bean
        } catch (Exception e) {
            throw new CacheException("cannot register MBean " + name, e);
        }
    }

    /** Unregisters the bean of a name if registered. */
    static void unregister(ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (InstanceNotFoundException ignored) {
            // unregistered concurrently
        } catch (Exception e) {
            throw new CacheException("cannot unregister MBean " + name, e);
        }
    }

    static ObjectName objectName(Cache<?, ?> cache, Kind kind) {
        String text = "javax.cache:type=" + kind.type + ",CacheManager=" + safe(cache.getCacheManager().getURI().toString())
                + ",Cache=" + safe(cache.getName());
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new CacheException("invalid MBean name " + text, e);
        }
    }

    private static String safe(String text) {
        return text == null ? "" : text.replaceAll("[,:=\n]", ".");
    }
}
