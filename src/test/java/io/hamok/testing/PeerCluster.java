package io.hamok.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * N grid peers, each a child JVM ({@link PeerProcess}) configured by its own properties file as an
 * application would be: {@code hamok.peers} on loopback ports, {@code hamok.localPeerId}, the Redis store
 * and {@code hamok.storageDir}, a per-peer directory that outlives kills. Peers are {@code p0}, {@code p1}, ...
 */
public final class PeerCluster implements AutoCloseable {
    /** How long a child may take from launch to {@code READY} on a busy 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** How long a single request (GET, PUT, LEADER?) may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final List<PeerProcess> peers = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<Path> storageDirs = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private String groupId;

    private PeerCluster(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes the peers' properties files and starts every peer, waiting until all are {@code READY} (a
     * peer's first cache waits for a leader, which needs a majority: they start together).
     *
     * @param size     number of peers
     * @param dir      holds the properties files and the peers' storage directories (e.g. a {@code @TempDir})
     * @param logDir   where the peers' logs go (one file per peer)
     * @param settings settings every peer shares (store, timeouts, knobs)
     * @param reports  receives every report line of every peer
     */
    public static PeerCluster start(int size, Path dir, Path logDir, Properties settings, BiConsumer<PeerProcess, String> reports) {
        return start(size, size, dir, logDir, settings, reports);
    }

    /**
     * Like {@link #start(int, Path, Path, Properties, BiConsumer)}, but plans {@code planned} peers and starts the
     * first {@code running}: their {@code hamok.peers} lists these first ones; the later ones list every planned
     * peer and are started with {@link #startPeer} (to be added to the running grid).
     */
    public static PeerCluster start(int planned, int running, Path dir, Path logDir, Properties settings,
                                    BiConsumer<PeerProcess, String> reports) {
        PeerCluster cluster = new PeerCluster(dir);
        try {
            String run = Long.toString(System.nanoTime(), 36);
            cluster.groupId = "fault-" + run;
            IntStream.range(0, planned).forEach(i -> cluster.addresses.add("p" + i + "@127.0.0.1:" + TestGrid.freePort()));
            for (int i = 0; i < planned; i++) {
                String id = "p" + i;
                Path storage = dir.resolve("storage-" + id);
                Properties file = new Properties();
                file.setProperty("hamok.peers", String.join(",", cluster.addresses.subList(0, i < running ? running : planned)));
                file.setProperty("hamok.localPeerId", id);
                file.setProperty("hamok.groupId", cluster.groupId);
                file.setProperty("hamok.storageDir", storage.toString());
                file.putAll(settings);
                Path path = dir.resolve("peer-" + id + ".properties");
                write(file, path, "peer " + id);
                cluster.files.add(path);
                cluster.storageDirs.add(storage);
                cluster.peers.add(new PeerProcess(id, logDir.resolve(id + ".log"), "-" + run, reports));
            }
            List<PeerProcess> first = cluster.peers.subList(0, running);
            first.forEach(peer -> peer.start(cluster.files.get(cluster.peers.indexOf(peer))));
            cluster.awaitStarted(first);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static void write(Properties properties, Path path, String comment) {
        try (OutputStream out = Files.newOutputStream(path)) {
            properties.store(out, comment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The grid's {@code hamok.groupId}. */
    public String groupId() {
        return groupId;
    }

    /** Peer i's {@code id@host:port}. */
    public String address(int i) {
        return addresses.get(i);
    }

    /** Starts peer i (first start, or again) with its properties file; does not wait. */
    public void startPeer(int i) {
        peers.get(i).start(files.get(i));
    }

    public int size() {
        return peers.size();
    }

    public PeerProcess peer(int i) {
        return peers.get(i);
    }

    public List<PeerProcess> peers() {
        return List.copyOf(peers);
    }

    /** The running peers. */
    public List<PeerProcess> alive() {
        return peers.stream().filter(PeerProcess::isAlive).toList();
    }

    /** Peer i's properties file. */
    public Path propertiesFile(int i) {
        return files.get(i);
    }

    /** Peer i's {@code hamok.storageDir}. */
    public Path storageDir(int i) {
        return storageDirs.get(i);
    }

    /** Waits until each of these peers printed {@code READY}; fails with the first one's failure. */
    public void awaitStarted(List<PeerProcess> starting) {
        for (PeerProcess peer : starting) {
            peer.awaitStarted(START_TIMEOUT);
        }
    }

    /** SIGKILLs peer i and waits until it is gone. */
    public void kill(int i) {
        peers.get(i).kill();
    }

    /** SIGKILLs these peers at the same moment, then waits until all are gone. */
    public void killTogether(int... indexes) {
        List<CompletableFuture<Integer>> exits = new ArrayList<>();
        for (int i : indexes) {
            exits.add(peers.get(i).exit());
        }
        for (int i : indexes) {
            peers.get(i).kill();
        }
        CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Starts peer i again with its properties file (same ports, same storage directory); does not wait. */
    public void restart(int i) {
        peers.get(i).start(files.get(i));
    }

    /**
     * Starts peer i again with its properties file plus {@code extra} (written to a second file next to
     * the first); does not wait.
     */
    public void restartWith(int i, Properties extra) {
        Properties merged = new Properties();
        try (var in = Files.newInputStream(files.get(i))) {
            merged.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        merged.putAll(extra);
        Path path = dir.resolve("peer-" + peers.get(i).id() + "-extra.properties");
        write(merged, path, "peer " + peers.get(i).id() + " with " + extra.stringPropertyNames());
        peers.get(i).start(path);
    }

    /**
     * The index of the leader: waits until exactly one running peer says it leads (a deposed leader may
     * say so for a moment next to the new one).
     */
    public int awaitLeader(Duration timeout) {
        int[] leader = {-1};
        await("a single leader among " + alive()).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .pollInSameThread()
                .until(() -> {
                    List<Integer> leading = new ArrayList<>();
                    for (int i = 0; i < peers.size(); i++) {
                        if (peers.get(i).isAlive() && isLeader(peers.get(i))) {
                            leading.add(i);
                        }
                    }
                    leader[0] = leading.size() == 1 ? leading.get(0) : -1;
                    return leading.size() == 1;
                });
        return leader[0];
    }

    private static boolean isLeader(PeerProcess peer) {
        try {
            return Boolean.parseBoolean(peer.call("LEADER?", "", Duration.ofSeconds(5)));
        } catch (CompletionException e) {
            // the peer died or was slow to answer: not a leader we can use
            if (e.getCause() instanceof PeerProcess.PeerGoneException
                    || e.getCause() instanceof java.util.concurrent.TimeoutException
                    || e.getCause() instanceof PeerProcess.PeerCommandException) {
                return false;
            }
            throw e;
        }
    }

    /** Kills every running peer. */
    @Override
    public void close() {
        peers.parallelStream().forEach(PeerProcess::close);
    }
}
