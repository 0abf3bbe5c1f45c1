package io.hamok.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.testing.TestGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers start and stop repeatedly in one JVM, on the same port, without leaking threads or files. */
class GridLifecycleTest {
    private static final int ROUNDS = 20;

    @Test
    void startStop_manyTimesOnTheSamePort_releasesPortThreadsAndFiles() {
        int port = TestGrid.freePort();
        String store = "lifecycle-" + System.nanoTime();
        int threadsAfterFirst = -1;
        MemoryStoreFactory keepsTheStore = MemoryStoreFactory.named(store);
        for (int round = 0; round < ROUNDS; round++) {
            try (Grid grid = Grid.start(singlePeer(port, store, null))) {
                grid.awaitLeader(Duration.ofSeconds(30));
                HamokRemoteMap<String, Integer> map = HamokRemoteMap.create(grid, HamokRemoteMapConfig.<String, Integer>builder("m").build());
                Integer previous = map.set("round", round).join();
                assertEquals(round == 0 ? null : round - 1, previous,
                        "every round's fresh log writes over what the store kept from the round before");
            }
            if (round == 0) {
                threadsAfterFirst = Thread.activeCount();
            }
        }
        keepsTheStore.close();
        int threadsAtEnd = Thread.activeCount();
        assertTrue(threadsAtEnd <= threadsAfterFirst + 20, "threads leak: " + threadsAfterFirst + " after the first round, "
                + threadsAtEnd + " after " + ROUNDS);
    }

    @Test
    void restartWithTheSameStorageDir_recoversTheLog_andKeepsServing(@TempDir Path dir) throws Exception {
        int port = TestGrid.freePort();
        String store = "recover-" + System.nanoTime();
        MemoryStoreFactory keepsTheStore = MemoryStoreFactory.named(store);
        try (Grid grid = Grid.start(singlePeer(port, store, dir))) {
            grid.awaitLeader(Duration.ofSeconds(30));
            HamokRemoteMap.create(grid, HamokRemoteMapConfig.<String, Integer>builder("m").build()).set("k", 1).join();
        }
        try (Grid grid = Grid.start(singlePeer(port, store, dir))) {
            grid.awaitLeader(Duration.ofSeconds(30));
            HamokRemoteMap<String, Integer> map = HamokRemoteMap.create(grid, HamokRemoteMapConfig.<String, Integer>builder("m").build());
            assertEquals(1, map.set("k", 2).join(), "replayed entries are not applied again");
            assertEquals(2, map.get("k").join());
        }
        keepsTheStore.close();
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isPresent(), "the storage directory given is kept");
        }
    }

    @Test
    void jvmExitWithoutClose_deletesTheTemporaryLog() throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", ExitWithoutClose.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes()).trim();
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the child JVM exits");
        String[] lines = output.split("\\R");
        Path log = Path.of(lines[lines.length - 1].trim());
        assertTrue(log.isAbsolute() && log.getFileName().toString().startsWith("hamok-"), "the child printed its log dir: " + output);
        assertTrue(Files.notExists(log), "the temporary log " + log + " is deleted when the JVM exits");
    }

    /** Starts a peer with a temporary log, prints the log's directory, and exits without closing it. */
    public static final class ExitWithoutClose {
        public static void main(String[] args) throws Exception {
            Grid grid = Grid.start(singlePeer(TestGrid.freePort(), "exit-" + System.nanoTime(), null));
            grid.awaitLeader(Duration.ofSeconds(30));
            System.out.println(grid.storageDir());
            System.exit(0);
        }
    }

    private static GridConfig singlePeer(int port, String store, Path dir) {
        return GridConfig.builder()
                .peers(List.of(new PeerAddress("solo", "127.0.0.1", port)))
                .localPeerId("solo")
                .storageDir(dir)
                .electionTimeout(Duration.ofMillis(150), Duration.ofMillis(300))
                .storeFactory(MemoryStoreFactory.named(store))
                .build();
    }
}
