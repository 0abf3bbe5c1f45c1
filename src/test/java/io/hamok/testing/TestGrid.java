package io.hamok.testing;

import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.StoreFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * N grid peers on loopback, on free ports, each with its own store factory from a supplier, and a
 * durable storage directory (under a temporary root deleted on close) that survives a restart.
 */
public final class TestGrid implements AutoCloseable {
    public static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    private final List<PeerAddress> addresses;
    private final Supplier<StoreFactory> stores;
    private final Grid[] peers;
    private final java.nio.file.Path storageRoot;
    private java.util.function.UnaryOperator<GridConfig.Builder> tuning = builder -> builder;

    private TestGrid(int size, Supplier<StoreFactory> stores) {
        this.addresses = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            addresses.add(new PeerAddress("p" + i, "127.0.0.1", freePort()));
        }
        this.stores = stores;
        this.peers = new Grid[size];
        try {
            this.storageRoot = java.nio.file.Files.createTempDirectory("hamok-testgrid-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a storage root", e);
        }
    }

    /** Starts {@code size} peers and waits for a leader. */
    public static TestGrid start(int size, Supplier<StoreFactory> stores) {
        return start(size, stores, builder -> builder);
    }

    /** Starts {@code size} peers whose configuration {@code tuning} adjusts, and waits for a leader. */
    public static TestGrid start(int size, Supplier<StoreFactory> stores, java.util.function.UnaryOperator<GridConfig.Builder> tuning) {
        TestGrid grid = new TestGrid(size, stores);
        grid.tuning = tuning;
        try {
            for (int i = 0; i < size; i++) {
                grid.startPeer(i);
            }
            grid.peers[0].awaitLeader(LEADER_TIMEOUT);
            return grid;
        } catch (RuntimeException e) {
            grid.close();
            throw e;
        }
    }

    public Grid peer(int i) {
        return peers[i];
    }

    public int size() {
        return peers.length;
    }

    /** (Re)starts peer i with a fresh store factory and its storage directory. */
    public Grid startPeer(int i) {
        peers[i] = Grid.start(tuning.apply(GridConfig.builder()
                .peers(addresses)
                .localPeerId(addresses.get(i).id())
                .electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000))
                .storageDir(storageRoot.resolve(addresses.get(i).id()))
                .storeFactory(stores.get()))
                .build());
        return peers[i];
    }

    /** Stops peer i. */
    public void stopPeer(int i) {
        if (peers[i] != null) {
            peers[i].close();
            peers[i] = null;
        }
    }

    /** The index of the current leader, waiting for one among the running peers. */
    public int awaitLeaderIndex() {
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < peers.length; i++) {
                if (peers[i] != null && peers[i].isLeader()) {
                    return i;
                }
            }
            sleep(20);
        }
        throw new AssertionError("no leader within " + LEADER_TIMEOUT);
    }

    /** Any running peer other than {@code not}. */
    public Optional<Integer> otherThan(int not) {
        for (int i = 0; i < peers.length; i++) {
            if (i != not && peers[i] != null) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Stops every peer, in parallel (a Ratis server takes about a second to stop). */
    @Override
    public void close() {
        java.util.stream.IntStream.range(0, peers.length).parallel().forEach(this::stopPeer);
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(storageRoot)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
