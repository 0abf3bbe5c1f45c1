package io.hamok.spring.boot;

import io.hamok.spring.boot.internal.GridAccess;
import javax.cache.CacheManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link HamokMeters} of the cache manager made by {@link HamokCacheAutoConfiguration}, when Micrometer
 * is on the class path; Spring Boot binds them to every meter registry.
 */
@AutoConfiguration(after = HamokCacheAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.cache.JCacheMetrics")
@ConditionalOnBean(name = "hamokJCacheManager")
public class HamokMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    HamokMeters hamokMeters(CacheManager hamokJCacheManager) {
        return new HamokMeters(new GridAccess(hamokJCacheManager));
    }
}
