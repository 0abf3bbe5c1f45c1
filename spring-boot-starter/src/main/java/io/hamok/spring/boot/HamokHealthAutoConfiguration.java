package io.hamok.spring.boot;

import io.hamok.spring.boot.internal.GridAccess;
import javax.cache.CacheManager;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The health indicator {@code hamok} of the cache manager made by {@link HamokCacheAutoConfiguration},
 * when the application uses Spring Boot Actuator ({@code management.health.hamok.enabled}, default true).
 */
@AutoConfiguration(after = HamokCacheAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
@ConditionalOnBean(name = "hamokJCacheManager")
public class HamokHealthAutoConfiguration {
    @Bean
    @ConditionalOnEnabledHealthIndicator("hamok")
    @ConditionalOnMissingBean(name = "hamokHealthIndicator")
    HamokHealthIndicator hamokHealthIndicator(CacheManager hamokJCacheManager) {
        return new HamokHealthIndicator(new GridAccess(hamokJCacheManager));
    }
}
