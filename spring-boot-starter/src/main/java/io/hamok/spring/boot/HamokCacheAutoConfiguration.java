package io.hamok.spring.boot;

import io.hamok.jcache.configuration.DeclaredCaches;
import io.hamok.jcache.configuration.GridSettings;
import io.hamok.jcache.spi.HamokCachingProvider;
import io.hamok.spring.boot.internal.HamokEnvironment;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.cache.CacheProperties;
import org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Makes a hamok {@link CacheManager} from the {@code hamok.*} settings of the Spring environment, so that
 * {@code spring.cache.type=jcache} gives a working grid with no Java configuration. The settings are
 * handed to the provider as {@code Properties} (every {@code hamok.*} key of {@code docs/CONFIGURATION.md},
 * declared caches and templates included); a file named by {@code spring.cache.jcache.config} is read
 * first, as Spring Boot does for any JCache provider. Unless the settings declare the template
 * {@code default}, the starter declares it with {@code statistics=true}: every cache, also those Spring
 * creates on first use, exists on demand and reports statistics to the meters.
 * Spring Boot's own JCache configuration then wraps this manager and creates {@code spring.cache.cache-names}.
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass({Caching.class, HamokCachingProvider.class, org.springframework.cache.jcache.JCacheCacheManager.class})
@ConditionalOnProperty(name = "hamok.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CacheProperties.class)
public class HamokCacheAutoConfiguration {
    /** The setting that turns the starter off ({@code hamok.enabled=false}); it is not passed to the provider. */
    public static final String ENABLED = "hamok.enabled";
    /**
     * {@code hamok.ratisMetricsJmx=true} exports Ratis' own metrics as JMX beans of the domain {@code ratis}
     * (default {@code false}); it is not passed to the provider.
     */
    public static final String RATIS_METRICS_JMX = "hamok.ratisMetricsJmx";

    /** The hamok cache manager, closed with the application context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CacheManager.class)
    public CacheManager hamokJCacheManager(ConfigurableEnvironment environment, ResourceLoader resourceLoader,
                                           CacheProperties cacheProperties,
                                           ObjectProvider<Configuration<?, ?>> defaultCacheConfiguration,
                                           ObjectProvider<JCacheManagerCustomizer> customizers) throws IOException {
        Properties all = HamokEnvironment.settings(environment);
        Properties settings = settings(all);
        if (Boolean.parseBoolean(all.getProperty(RATIS_METRICS_JMX, "false"))) {
            io.hamok.raft.Grid.exportRatisMetricsToJmx();
        }
        ClassLoader classLoader = resourceLoader.getClassLoader();
        CachingProvider provider = Caching.getCachingProvider(HamokCachingProvider.class.getName(), classLoader);
        CacheManager manager = provider.getCacheManager(uri(cacheProperties, settings), classLoader, settings);
        try {
            List<String> names = cacheProperties.getCacheNames();
            for (String name : names) {
                if (manager.getCache(name) == null) {
                    manager.createCache(name, defaultCacheConfiguration.getIfAvailable(MutableConfiguration::new));
                }
            }
            customizers.orderedStream().forEach(customizer -> customizer.customize(manager));
            return manager;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The {@code hamok.*} settings as the provider reads them, with the starter's default template. */
    static Properties settings(ConfigurableEnvironment environment) {
        return settings(HamokEnvironment.settings(environment));
    }

    private static Properties settings(Properties collected) {
        Properties settings = new Properties();
        settings.putAll(collected);
        settings.remove(ENABLED);
        settings.remove(RATIS_METRICS_JMX);
        String template = DeclaredCaches.TEMPLATE_PREFIX + DeclaredCaches.DEFAULT_TEMPLATE + ".";
        if (settings.stringPropertyNames().stream().noneMatch(name -> name.startsWith(template))) {
            settings.setProperty(template + "statistics", "true");
        }
        return settings;
    }

    /**
     * The file of {@code spring.cache.jcache.config} if set; else a {@code hamok:} URI of the group and
     * peer, which names no file and keeps two peers of one JVM (tests) apart.
     */
    private static URI uri(CacheProperties cacheProperties, Properties settings) throws IOException {
        Resource config = cacheProperties.resolveConfigLocation(cacheProperties.getJcache().getConfig());
        if (config != null) {
            return config.getURI();
        }
        String group = settings.getProperty(GridSettings.Keys.GROUP_ID, "hamok").trim();
        String peer = settings.getProperty(GridSettings.Keys.LOCAL_PEER_ID, GridSettings.EMBEDDED_PEER_ID).trim();
        return URI.create(GridSettings.SETTINGS_ONLY_SCHEME + ":spring/" + group + "/" + peer);
    }
}
