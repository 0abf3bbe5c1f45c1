package io.hamok.bench;

import io.hamok.raft.Grid;
import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import io.hamok.store.StoreFactory;
import io.hamok.testing.TestGrid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * N peers on loopback like {@link TestGrid}, with the group-commit window ({@code maxInFlightEntries})
 * as a knob: 0 keeps {@link GridConfig}'s default.
 */
final class BenchGrid implements AutoCloseable {
    private final Grid[] peers;

    private BenchGrid(Grid[] peers) {
        this.peers = peers;
    }

    static BenchGrid start(int size, Supplier<StoreFactory> stores, int maxInFlightEntries) {
        List<PeerAddress> addresses = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            addresses.add(new PeerAddress("p" + i, "127.0.0.1", TestGrid.freePort()));
        }
        BenchGrid grid = new BenchGrid(new Grid[size]);
        try {
            for (int i = 0; i < size; i++) {
                GridConfig.Builder config = GridConfig.builder()
                        .peers(addresses)
                        .localPeerId(addresses.get(i).id())
                        .electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000))
                        .storeFactory(stores.get());
                if (maxInFlightEntries > 0) {
                    config.maxInFlightEntries(maxInFlightEntries);
                }
                grid.peers[i] = Grid.start(config.build());
            }
            grid.peers[0].awaitLeader(TestGrid.LEADER_TIMEOUT);
            return grid;
        } catch (RuntimeException e) {
            grid.close();
            throw e;
        }
    }

    int size() {
        return peers.length;
    }

    Grid peer(int i) {
        return peers[i];
    }

    int leaderIndex() {
        return IntStream.range(0, peers.length).filter(i -> peers[i].isLeader()).findFirst().orElse(-1);
    }

    int maxInFlightEntries() {
        return peers[0].config().maxInFlightEntries();
    }

    @Override
    public void close() {
        IntStream.range(0, peers.length).parallel().filter(i -> peers[i] != null).forEach(i -> peers[i].close());
    }
}
