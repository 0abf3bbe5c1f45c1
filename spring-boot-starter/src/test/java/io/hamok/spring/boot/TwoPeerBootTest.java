package io.hamok.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.jcache.HamokCacheManager;
import io.hamok.spring.boot.app.DemoApplication;
import io.hamok.spring.boot.app.GreetingService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two peers of one grid as two Boot applications in this JVM, on loopback, over one in-JVM memory
 * store: this test's context is peer {@code a}, a second context started beside it is peer {@code b}.
 * No Java configuration: {@code spring.cache.type=jcache} and {@code hamok.*} properties.
 */
@SpringBootTest(classes = DemoApplication.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoPeerBootTest {
    private static final String STORE = "boot-two-peers-" + System.nanoTime();
    private static final int PORT_A = freePort();
    private static final int PORT_B = freePort();
    private static CompletableFuture<ConfigurableApplicationContext> peerB;

    @Autowired
    GreetingService greetingsA;
    @Autowired
    CacheManager springCacheManager;
    @Autowired
    javax.cache.CacheManager jcacheManager;
    @Autowired
    HamokHealthIndicator health;
    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void peerA(DynamicPropertyRegistry registry) {
        common().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("hamok.localPeerId", () -> "a");
        registry.add("hamok.peers", () -> "a@127.0.0.1:" + PORT_A + ",b@127.0.0.1:" + PORT_B);
    }

    /** Peer b starts beside this test's context: each waits for the other to elect a leader. */
    @BeforeAll
    static void startPeerB() {
        peerB = CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(DemoApplication.class)
                .properties(common()).properties("hamok.localPeerId=b",
                        // a YAML list, as application.yml would give it
                        "hamok.peers[0]=a@127.0.0.1:" + PORT_A, "hamok.peers[1]=b@127.0.0.1:" + PORT_B).run());
    }

    @AfterAll
    static void stopPeerB() {
        peerB.thenAccept(ConfigurableApplicationContext::close).join();
    }

    private static Map<String, Object> common() {
        return Map.of(
                "spring.cache.type", "jcache",
                "spring.cache.cache-names", "greetings",
                "spring.main.banner-mode", "off",
                "hamok.ratisMetricsJmx", "true",
                "hamok.storageDir", "temporary",
                "hamok.memory.name", STORE,
                "hamok.startTimeout", "90s",
                "hamok.cache.greetings.expiry.created", "10m");
    }

    @Test
    void cacheableAndCacheEvict_roundTripAcrossTwoPeers() {
        ConfigurableApplicationContext b = peerB.join();
        GreetingService greetingsB = b.getBean(GreetingService.class);
        assertInstanceOf(JCacheCacheManager.class, springCacheManager, "spring.cache.type=jcache over hamok");
        assertInstanceOf(HamokCacheManager.class, jcacheManager.unwrap(HamokCacheManager.class));

        int computedA = greetingsA.computed();
        int computedB = greetingsB.computed();
        String first = greetingsA.greet("ann");
        assertEquals("hello ann #" + (computedA + 1) + " from a", first);
        assertEquals(first, greetingsB.greet("ann"), "b answers from the grid's cache");
        assertEquals(computedB, greetingsB.computed(), "b computed nothing");

        greetingsB.forget("ann");
        String second = greetingsA.greet("ann");
        assertEquals("hello ann #" + (computedA + 2) + " from a", second, "b's @CacheEvict reached a");
        assertEquals(second, greetingsB.greet("ann"));

        String zoe = greetingsB.greet("zoe");
        assertEquals("hello zoe #" + (computedB + 1) + " from b", zoe);
        assertEquals(zoe, greetingsA.greet("zoe"));
        assertEquals(computedA + 2, greetingsA.computed());

        javax.cache.configuration.CompleteConfiguration<?, ?> declared = jcacheManager.getCache("greetings")
                .getConfiguration(javax.cache.configuration.CompleteConfiguration.class);
        assertEquals(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 600_000),
                declared.getExpiryPolicyFactory().create().getExpiryForCreation(), "hamok.cache.greetings.* applies");
        assertTrue(declared.isStatisticsEnabled(), "the starter's default template turns statistics on");
    }

    @Test
    void healthIndicator_reportsRoleLeaderCatchUpAndStore() {
        peerB.join();
        greetingsA.greet("health");
        await(() -> Boolean.TRUE.equals(health.health().getDetails().get("caughtUp")), "a catches up");
        Health report = health.health();
        assertEquals(Status.UP, report.getStatus(), report.toString());
        Object role = report.getDetails().get("role");
        Object leader = report.getDetails().get("leader");
        assertTrue(role.equals("LEADER") && leader.equals("a") || role.equals("FOLLOWER") && leader.equals("b"), report.toString());
        assertEquals("a", report.getDetails().get("peer"));
        assertEquals("UP", report.getDetails().get("store"));
        assertTrue((Long) report.getDetails().get("term") >= 1, report.toString());
    }

    @Test
    void meters_jcacheStatisticsAndGridFigures() throws Exception {
        ConfigurableApplicationContext b = peerB.join();
        MeterRegistry registryB = b.getBean(MeterRegistry.class);
        GreetingService greetingsB = b.getBean(GreetingService.class);
        double hitsBefore = hits(registryB);
        double missesBefore = registryB.get("cache.gets").tags("cache", "greetings", "result", "miss").functionCounter().count();
        greetingsA.greet("metered");
        greetingsB.greet("metered");
        greetingsB.greet("metered");
        assertEquals(hitsBefore + 2, hits(registryB), "b's two lookups hit (JCache statistics)");
        assertEquals(missesBefore, registryB.get("cache.gets").tags("cache", "greetings", "result", "miss")
                .functionCounter().count(), "b missed nothing");

        double leading = registry.get("hamok.grid.leader").gauge().value() + registryB.get("hamok.grid.leader").gauge().value();
        assertEquals(1.0, leading, "exactly one of the two leads");
        assertTrue(registry.get("hamok.grid.term").gauge().value() >= 1);
        assertTrue(registry.get("hamok.grid.commit.index").gauge().value() >= 1);
        assertTrue(registry.get("hamok.grid.applied.index").gauge().value() >= 1);
        assertTrue(registry.get("hamok.grid.leader.changes").functionCounter().count() >= 1);
        assertTrue(registry.get("hamok.grid.requests").functionTimer().count() >= 1);
        MeterRegistry leader = registry.get("hamok.grid.leader").gauge().value() == 1.0 ? registry : registryB;
        String follower = leader == registry ? "b" : "a";
        await(() -> leader.get("hamok.grid.replication.lag").tag("follower", follower).gauge().value() == 0.0,
                "the follower's lag drops to 0");
        assertTrue(leader.get("hamok.grid.map.applied.index").tag("map", "jcache/greetings").gauge().value() >= 1);
        assertTrue(leader.get("hamok.grid.commands.per.entry").gauge().value() >= 1);
        assertNotNull(registry.find("cache.puts").tag("cache", "greetings").functionCounter());
        assertTrue(!java.lang.management.ManagementFactory.getPlatformMBeanServer().queryNames(
                new javax.management.ObjectName("ratis:name=ratis.log_worker.a@*"), null).isEmpty(),
                "hamok.ratisMetricsJmx=true exports Ratis' metrics to JMX");
    }

    private static double hits(MeterRegistry registry) {
        return registry.get("cache.gets").tags("cache", "greetings", "result", "hit").functionCounter().count();
    }

    private static void await(BooleanSupplier condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
