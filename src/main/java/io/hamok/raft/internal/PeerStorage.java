package io.hamok.raft.internal;

import io.hamok.exceptions.HamokException;
import io.hamok.raft.GridConfig;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import io.hamok.store.StoreFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a peer keeps its Raft log, term and vote, and whether that storage is the one the grid knew.
 *
 * <p>A durable storage directory holds a random storage id, and the store records, per grid and peer,
 * the id it last ran with. A peer that finds its directory empty while the store names an id for it,
 * and another peer of the grid answers with a log of its own (so the grid is not starting anew over an
 * old store), has lost its storage: coming back as if nothing happened could elect a second leader in one term
 * or drop committed entries, so it refuses to start, unless it is told to rejoin (see
 * {@link GridConfig#rejoinAfterStorageLoss()}).
 */
final class PeerStorage {
    private static final Logger LOG = LoggerFactory.getLogger(PeerStorage.class);
    private static final String ID_FILE = "hamok-storage-id";
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final boolean temporary;
    /** Deletes a temporary log when the JVM exits without closing the peer (it may live in memory). */
    private final Thread deleteOnExit;

    private PeerStorage(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
        this.deleteOnExit = new Thread(() -> deleteRecursively(dir), "hamok-delete-log-" + dir.getFileName());
        if (temporary) {
            Runtime.getRuntime().addShutdownHook(deleteOnExit);
        }
    }

    /** Creates the directory the configuration asks for. */
    static PeerStorage open(GridConfig config) throws IOException {
        if (config.hasTemporaryStorage()) {
            return new PeerStorage(Files.createTempDirectory(temporaryRoot(), "hamok-" + config.localPeerId() + "-"), true);
        }
        return new PeerStorage(Files.createDirectories(config.durableStorageDir()), false);
    }

    Path dir() {
        return dir;
    }

    boolean temporary() {
        return temporary;
    }

    /**
     * Checks a durable storage against the id the store recorded for this peer, and records it.
     *
     * @return true if this peer lost its storage and may rejoin (the caller makes it rejoin)
     * @throws HamokException if the storage was lost and rejoining is not allowed
     */
    boolean verify(GridConfig config, StoreFactory stores, java.util.function.BooleanSupplier othersHoldALog) {
        if (temporary || config.peers().size() == 1) {
            return false;
        }
        Path idFile = dir.resolve(ID_FILE);
        FencedRemoteMap registry = stores.open("hamok.grid/" + config.groupId() + "/storage");
        Bytes key = Bytes.wrap(config.localPeerId().getBytes(StandardCharsets.UTF_8));
        try {
            String local = Files.exists(idFile) ? Files.readString(idFile).trim() : null;
            Envelope recorded = await(registry.get(key));
            String known = recorded == null ? null : new String(recorded.value(), StandardCharsets.UTF_8);
            // Known to the store but empty here: lost, unless the whole grid starts anew (no other peer has a log).
            boolean lost = local == null && known != null && !holdsRaftData() && othersHoldALog.getAsBoolean();
            if (lost && !config.rejoinAfterStorageLoss()) {
                throw new HamokException("peer '" + config.localPeerId() + "' lost its Raft storage: " + dir
                        + " holds no log, but the grid knew this peer with storage " + known + ". A peer that forgets"
                        + " its log and vote can elect a second leader or drop committed writes, so it does not start."
                        + " Restore the directory, or, while the other peers run, start it once with"
                        + " hamok.rejoinAfterStorageLoss=true: it then rejoins as a new member and catches up first.");
            }
            if (local == null) {
                local = UUID.randomUUID().toString();
                Files.writeString(idFile, local);
            }
            if (!local.equals(known)) {
                await(registry.set(key, new Envelope(local.getBytes(StandardCharsets.UTF_8), 0, Envelope.ETERNAL)));
            }
            return lost;
        } catch (IOException e) {
            throw new HamokException("cannot read or write the storage id in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the directory already holds a Raft log (a storage of a version before storage ids). */
    private boolean holdsRaftData() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(path -> Files.isDirectory(path.resolve("current")));
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HamokException("interrupted while checking the peer's storage id in the store", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new HamokException("cannot check the peer's storage id in the store within " + STORE_TIMEOUT
                    + ": " + e, e);
        }
    }

    /** Deletes a temporary log. */
    void close() {
        if (!temporary) {
            return;
        }
        deleteRecursively(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; the directory is gone already
        }
    }

    /**
     * Where a temporary log goes: shared memory when the OS has it ({@code /dev/shm}) with at least 1 GiB
     * free, since such a log is deleted on close and never read by another process; writes there cost no
     * disk I/O, which on a busy disk cut 3-peer commit throughput by a third to a half. A log takes up to
     * a few 32 MiB segments between purges, so a small {@code /dev/shm} (64 MiB in a default Docker
     * container) is left alone. Else the JVM's temporary directory.
     */
    private static Path temporaryRoot() {
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() >= 1L << 30) {
                return shm;
            }
        } catch (IOException e) {
            LOG.debug("cannot inspect {}: {}", shm, e.toString());
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
