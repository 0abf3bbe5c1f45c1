package io.hamok.spring.boot;

import io.hamok.spring.boot.internal.GridAccess;
import javax.cache.CacheManager;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator {@code hamok} (with Spring Boot Actuator) and the meters (with Micrometer) of the
 * hamok cache manager made by {@link HamokCacheAutoConfiguration}.
 */
@AutoConfiguration(after = HamokCacheAutoConfiguration.class)
@ConditionalOnBean(name = "hamokJCacheManager")
public class HamokObservabilityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GridAccess hamokGridAccess(CacheManager hamokJCacheManager) {
        return new GridAccess(hamokJCacheManager);
    }

    /** The health indicator, named {@code hamok}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("hamok")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "hamokHealthIndicator")
        HamokHealthIndicator hamokHealthIndicator(GridAccess access) {
            return new HamokHealthIndicator(access);
        }
    }

    /** The meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.cache.JCacheMetrics")
    static class Meters {
        @Bean
        @ConditionalOnMissingBean
        HamokMeters hamokMeters(GridAccess access) {
            return new HamokMeters(access);
        }
    }
}
