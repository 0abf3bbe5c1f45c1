package io.hamok.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.management.ObjectName;
import org.apache.ratis.metrics.MetricRegistries;
import org.junit.jupiter.api.Test;

/** Ratis' own metrics reach JMX the way docs/CONFIGURATION.md says: one call before the grid starts. */
class RatisMetricsJmxTest {
    @Test
    void enableJmxReporter_beforeTheGridStarts_exportsRatisMetricsAsMBeans() throws Exception {
        MetricRegistries.global().enableJmxReporter();
        String store = "ratis-metrics-" + System.nanoTime();
        GridConfig config = GridConfig.builder()
                .peers(List.of(new PeerAddress("solo", "127.0.0.1", TestGrid.freePort())))
                .localPeerId("solo")
                .electionTimeout(Duration.ofMillis(150), Duration.ofMillis(300))
                .storeFactory(MemoryStoreFactory.named(store))
                .build();
        try (Grid grid = Grid.start(config)) {
            grid.awaitLeader(Duration.ofSeconds(30));
            HamokRemoteMap.create(grid, HamokRemoteMapConfig.<String, Integer>builder("m").build()).set("k", 1).join();
            Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("ratis:*"), null);
            assertTrue(names.stream().anyMatch(name -> name.toString().contains("log_worker")), "Ratis log metrics: " + names);
            assertTrue(names.stream().anyMatch(name -> name.toString().contains("leader_election")), "election metrics: " + names);
        }
    }
}
