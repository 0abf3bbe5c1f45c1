package io.hamok.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.hamok.jcache.HamokCacheManager;
import io.hamok.spring.boot.internal.HamokEnvironment;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The auto-configuration's conditions and settings, on the embedded peer (no grid starts). */
class HamokCacheAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HamokCacheAutoConfiguration.class, CacheAutoConfiguration.class))
            .withUserConfiguration(Caching.class)
            .withPropertyValues("spring.cache.type=jcache", "hamok.memory.name=auto-config-" + System.nanoTime());

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {
    }

    @Test
    void hamokSettings_reachTheProvider_andSpringWrapsTheManager() {
        runner.withPropertyValues("hamok.requestTimeout=7s", "hamok.cache.orders.statistics=true").run(context -> {
            assertThat(context).hasSingleBean(JCacheCacheManager.class);
            HamokCacheManager manager = context.getBean(javax.cache.CacheManager.class).unwrap(HamokCacheManager.class);
            assertThat(manager.settings().requestTimeout()).hasSeconds(7);
            assertThat(manager.getURI().toString()).isEqualTo("hamok:spring/hamok/local");
        });
    }

    @Test
    void observability_withoutActuatorOrMicrometer_theManagerStillStarts() {
        ApplicationContextRunner observed = runner.withConfiguration(
                AutoConfigurations.of(HamokHealthAutoConfiguration.class, HamokMetricsAutoConfiguration.class));
        observed.run(context -> {
            assertThat(context).hasSingleBean(HamokHealthIndicator.class).hasSingleBean(HamokMeters.class);
        });
        observed.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate")).run(context -> {
            assertThat(context).hasNotFailed().hasBean("hamokJCacheManager").doesNotHaveBean(HamokHealthIndicator.class);
            assertThat(context).hasSingleBean(HamokMeters.class);
        });
        observed.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(context -> {
            assertThat(context).hasNotFailed().hasBean("hamokJCacheManager").doesNotHaveBean(HamokMeters.class);
        });
    }

    @Test
    void health_noMajority_isDown() throws java.io.IOException {
        runner.withConfiguration(AutoConfigurations.of(HamokHealthAutoConfiguration.class))
                .withPropertyValues("hamok.peers=a@127.0.0.1:" + freePort() + ",b@127.0.0.1:" + freePort(),
                        "hamok.localPeerId=a", "hamok.storageDir=temporary", "hamok.startTimeout=1s")
                .run(context -> {
                    org.springframework.boot.actuate.health.Health health = context.getBean(HamokHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
                    // the peer starts alone (start order does not matter) and says that it knows no leader
                    assertThat(health.getDetails()).containsEntry("peer", "a").containsEntry("leader", "none");
                });
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void enabledFalse_noHamokManager() {
        runner.withPropertyValues("hamok.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean("hamokJCacheManager"));
    }

    @Test
    void invalidDeclaration_failsTheStartNamingCacheOptionAndValue() {
        runner.withPropertyValues("hamok.cache.orders.expiry.created=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cache 'orders' option expiry.created : 'soon' (expected: a duration");
        });
    }

    @Test
    void unknownSetting_failsTheStartNamingIt() {
        runner.withPropertyValues("hamok.peer=a@127.0.0.1:7000").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("hamok.peer : 'a@127.0.0.1:7000' (expected: one of the settings");
        });
    }

    @Test
    void settings_yamlListJoined_defaultTemplateAddedUnlessDeclared_starterKeysLeftOut() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("yaml", Map.of(
                "hamok.peers[0]", "a@127.0.0.1:7001", "hamok.peers[1]", "b@127.0.0.1:7002",
                "hamok.localPeerId", "a", "hamok.enabled", "true", "hamok.ratisMetricsJmx", "false",
                "other.setting", "x")));
        Properties settings = HamokCacheAutoConfiguration.settings(environment);
        assertThat(settings).containsEntry("hamok.peers", "a@127.0.0.1:7001,b@127.0.0.1:7002")
                .containsEntry("hamok.localPeerId", "a")
                .containsEntry("hamok.template.default.statistics", "true")
                .doesNotContainKeys("hamok.enabled", "hamok.ratisMetricsJmx", "other.setting");

        environment.getPropertySources().addFirst(new MapPropertySource("mine", Map.of(
                "hamok.template.default.noEvents", "true", "hamok.localPeerId", "b")));
        Properties mine = HamokCacheAutoConfiguration.settings(environment);
        assertThat(mine).containsEntry("hamok.template.default.noEvents", "true")
                .containsEntry("hamok.localPeerId", "b")
                .doesNotContainKey("hamok.template.default.statistics");
        assertThat(HamokEnvironment.settings(environment)).containsEntry("hamok.enabled", "true");
    }

    @Test
    void settings_kebabCaseOptions_becomeTheProvidersNames_cacheNamesKept_firstSourceWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("yaml", Map.of(
                "hamok.local-peer-id", "a", "hamok.tls.key-store", "/keys/a.p12",
                "hamok.cache.user-sessions.expiry.created", "PT5M", "hamok.cache.user-sessions.no-events", "true",
                "hamok.near-cache-max-entries", "500", "hamok.request-timeout", "${timeout:3s}")));
        environment.getPropertySources().addFirst(new MapPropertySource("command line", Map.of(
                "hamok.localPeerId", "b", "timeout", "9s")));

        Properties settings = HamokCacheAutoConfiguration.settings(environment);

        assertThat(settings).containsEntry("hamok.localPeerId", "b")
                .containsEntry("hamok.tls.keyStore", "/keys/a.p12")
                .containsEntry("hamok.cache.user-sessions.expiry.created", "PT5M")
                .containsEntry("hamok.cache.user-sessions.noEvents", "true")
                .containsEntry("hamok.nearCacheMaxEntries", "500")
                .containsEntry("hamok.requestTimeout", "9s")
                .doesNotContainKeys("hamok.local-peer-id", "hamok.tls.key-store", "hamok.request-timeout");
    }

    @Test
    void settings_environmentVariablesInSpringsForm_nameGridSettings_othersIgnored() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("yaml", Map.of("hamok.localPeerId", "a")));
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables", Map.of(
                "HAMOK_LOCALPEERID", "b", "HAMOK_REDIS_URL", "redis://10.0.0.9:6379", "HAMOK_TLS_KEYSTOREPASSWORD", "secret",
                "HAMOK_NO_SUCH_SETTING", "x", "HAMOKISH", "y")));

        Properties settings = HamokCacheAutoConfiguration.settings(environment);

        assertThat(settings).containsEntry("hamok.localPeerId", "b")
                .containsEntry("hamok.redis.url", "redis://10.0.0.9:6379")
                .containsEntry("hamok.tls.keyStorePassword", "secret")
                .doesNotContainKeys("HAMOK_NO_SUCH_SETTING", "hamok.no.such.setting", "HAMOKISH");
    }

    @Test
    void kebabCaseSettings_reachTheProvider() {
        runner.withPropertyValues("hamok.request-timeout=6s", "hamok.near-cache=eventual").run(context -> {
            HamokCacheManager manager = context.getBean(javax.cache.CacheManager.class).unwrap(HamokCacheManager.class);
            assertThat(manager.settings().requestTimeout()).hasSeconds(6);
            assertThat(manager.settings().nearCache()).hasToString("EVENTUAL");
        });
    }
}
