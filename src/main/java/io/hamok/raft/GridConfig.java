package io.hamok.raft;

import io.hamok.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one peer of a grid. Every peer of a grid lists the same {@code peers} and
 * {@code groupId}; each names itself with {@code localPeerId}. Build with {@link #builder()}.
 *
 * @param groupId            name of the Raft group (default {@code hamok})
 * @param peers              all peers of the grid (required)
 * @param localPeerId        which of them this process is (required)
 * @param storageDir         Raft log, term and vote directory; {@code null}: the default, {@link #DEFAULT_STORAGE_ROOT}
 *                           {@code /<groupId>/<localPeerId>} under the working directory in a grid of more
 *                           than one peer, a temporary one for a single peer
 * @param temporaryStorage   keep the log in a temporary directory deleted on close, in shared memory
 *                           ({@code /dev/shm}) where the OS has it with 1 GiB free, else in {@code java.io.tmpdir}
 *                           (default: only for a single peer without {@code storageDir}). For tests and demos:
 *                           a peer of several that crashes forgets its log and vote, which Raft's safety needs
 * @param rejoinAfterStorageLoss whether a peer whose durable storage is gone, although the grid knew it,
 *                           may rejoin (it leaves the group's configuration and is added back, catching up
 *                           before it counts for a majority); without it such a peer refuses to start
 * @param retryCacheExpiry   how long a peer remembers the replies of requests it committed, to answer a
 *                           retry without applying it again (default 60 s); the Raft client stops retrying
 *                           well within it, and request ids stop any later duplicate
 * @param electionTimeoutMin lower bound of the randomized election timeout (default 700 ms)
 * @param electionTimeoutMax upper bound (default 1,400 ms); failover takes about this long
 * @param storeFactory       opens the built-in store of each map (required, e.g. in-memory or Redis)
 * @param maxInFlightEntries Raft entries the leader keeps outstanding; more commands wait and leave together
 *                           in the next entry (default 1: a Raft entry costs far more than a command). A
 *                           follower keeps up to 4 batches on their way to the leader
 * @param maxEntryBytes      largest Raft entry this peer sends (default 4 MiB)
 * @param expirySweepInterval how often the leader removes expired entries nobody read (default 1 s; each
 *                           round looks at up to 2,000 entries of each map, resuming where it stopped)
 * @param tls                TLS between peers, or {@code null} for plain gRPC (default)
 * @param logFsync           whether a Raft entry counts as written only once fsync'ed (default false: the
 *                           OS writes it back; acknowledged writes live in the store either way, see
 *                           docs/GUARANTEES.md for what a simultaneous power loss of a majority costs)
 * @param snapshotEveryEntries log entries between two snapshots of the grid's replicated state (default
 *                           10,000); a snapshot lets Ratis purge the log before it, see docs/GUARANTEES.md
 * @param insecure           plain gRPC between peers although some are not on loopback (default false: such a
 *                           grid without {@code tls} is refused, since anyone who reaches a peer's port could
 *                           write, clear, change the membership or remove the group)
 * @param listenerTimeout    how long this peer's event thread waits for one map's listeners (default 5 s); past
 *                           it, other maps' events, {@code sync()} and this peer's writes go on without them
 * @param listenerExpiry     how long the leader keeps the listener registrations of a peer it does not hear
 *                           from (default 5 minutes); see docs/GUARANTEES.md
 */
public record GridConfig(String groupId, List<PeerAddress> peers, String localPeerId, Path storageDir,
                         Duration electionTimeoutMin, Duration electionTimeoutMax, StoreFactory storeFactory,
                         int maxInFlightEntries, int maxEntryBytes, Duration expirySweepInterval,
                         PeerTls tls, boolean logFsync, int snapshotEveryEntries, boolean temporaryStorage,
                         boolean rejoinAfterStorageLoss, Duration retryCacheExpiry, boolean insecure,
                         Duration listenerTimeout, Duration listenerExpiry) {
    /** The default storage root of a peer of several, under the working directory. */
    public static final String DEFAULT_STORAGE_ROOT = "hamok-data";

    public GridConfig {
        Objects.requireNonNull(groupId, "groupId");
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        Objects.requireNonNull(localPeerId, "localPeerId");
        Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
        Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
        Objects.requireNonNull(storeFactory, "storeFactory");
        Objects.requireNonNull(expirySweepInterval, "expirySweepInterval");
        Objects.requireNonNull(retryCacheExpiry, "retryCacheExpiry");
        if (Objects.requireNonNull(listenerTimeout, "listenerTimeout").toMillis() < 1) {
            throw new IllegalArgumentException("listenerTimeout : " + listenerTimeout + " (expected: >= 1ms)");
        }
        if (Objects.requireNonNull(listenerExpiry, "listenerExpiry").toMillis() < 1) {
            throw new IllegalArgumentException("listenerExpiry : " + listenerExpiry + " (expected: >= 1ms)");
        }
        if (retryCacheExpiry.toSeconds() < 5) {
            throw new IllegalArgumentException("retryCacheExpiry : " + retryCacheExpiry + " (expected: >= 5s)");
        }
        if (temporaryStorage && storageDir != null) {
            throw new IllegalArgumentException("storageDir : " + storageDir + " (expected: none with temporaryStorage)");
        }
        if (expirySweepInterval.toMillis() < 10) {
            throw new IllegalArgumentException("expirySweepInterval : " + expirySweepInterval + " (expected: >= 10ms)");
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("peers : [] (expected: at least one peer)");
        }
        if (peers.stream().map(PeerAddress::id).distinct().count() != peers.size()) {
            throw new IllegalArgumentException("peers : " + peers + " (expected: distinct peer ids)");
        }
        if (peers.stream().noneMatch(p -> p.id().equals(localPeerId))) {
            throw new IllegalArgumentException("localPeerId : '" + localPeerId + "' (expected: one of " + peers + ")");
        }
        if (electionTimeoutMin.toMillis() < 50 || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("electionTimeout : " + electionTimeoutMin + ".." + electionTimeoutMax
                    + " (expected: min >= 50ms and max > min)");
        }
        if (maxInFlightEntries < 1) {
            throw new IllegalArgumentException("maxInFlightEntries : " + maxInFlightEntries + " (expected: >= 1)");
        }
        if (snapshotEveryEntries < 1) {
            throw new IllegalArgumentException("snapshotEveryEntries : " + snapshotEveryEntries + " (expected: >= 1)");
        }
        if (maxEntryBytes < 1024) {
            throw new IllegalArgumentException("maxEntryBytes : " + maxEntryBytes + " (expected: >= 1024)");
        }
        if (storeFactory instanceof io.hamok.store.redis.RedisStoreFactory redis && !redis.groupId().equals(groupId)) {
            throw new IllegalArgumentException("storeFactory : a RedisStoreFactory of group '" + redis.groupId()
                    + "' (expected: one of group '" + groupId + "', the grid's groupId, whose prefix its Redis keys carry)");
        }
        io.hamok.raft.internal.ProtectedMode.requireTls(peers, tls != null, insecure, "peers",
                "GridConfig.Builder.tls(PeerTls.fromKeyStores(...))", "GridConfig.Builder.insecure(true)");
    }

    /** Whether this peer's log lives in a temporary directory, deleted on close. */
    public boolean hasTemporaryStorage() {
        return temporaryStorage || storageDir == null && peers.size() == 1;
    }

    /** Where this peer keeps its log (unused when {@link #hasTemporaryStorage()}). */
    public Path durableStorageDir() {
        return storageDir != null ? storageDir
                : Path.of(DEFAULT_STORAGE_ROOT, groupId, localPeerId).toAbsolutePath();
    }

    /** This peer's address. */
    public PeerAddress localPeer() {
        return peers.stream().filter(p -> p.id().equals(localPeerId)).findFirst().orElseThrow();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GridConfig}; see the record components for defaults. */
    public static final class Builder {
        private String groupId = "hamok";
        private List<PeerAddress> peers = List.of();
        private String localPeerId;
        private Path storageDir;
        private Duration electionTimeoutMin = Duration.ofMillis(700);
        private Duration electionTimeoutMax = Duration.ofMillis(1400);
        private StoreFactory storeFactory;
        private int maxInFlightEntries = 1;
        private int maxEntryBytes = 4 << 20;
        private boolean logFsync;
        private Duration expirySweepInterval = Duration.ofSeconds(1);
        private PeerTls tls;
        private int snapshotEveryEntries = 10_000;
        private boolean temporaryStorage;
        private boolean rejoinAfterStorageLoss;
        private Duration retryCacheExpiry = Duration.ofSeconds(60);
        private boolean insecure;
        private Duration listenerTimeout = Duration.ofSeconds(5);
        private Duration listenerExpiry = Duration.ofMinutes(5);

        private Builder() {}

        public Builder groupId(String value) { this.groupId = value; return this; }
        public Builder peers(List<PeerAddress> value) { this.peers = value; return this; }
        public Builder localPeerId(String value) { this.localPeerId = value; return this; }
        public Builder storageDir(Path value) { this.storageDir = value; return this; }
        public Builder electionTimeout(Duration min, Duration max) {
            this.electionTimeoutMin = min;
            this.electionTimeoutMax = max;
            return this;
        }
        public Builder storeFactory(StoreFactory value) { this.storeFactory = value; return this; }
        public Builder maxInFlightEntries(int value) { this.maxInFlightEntries = value; return this; }
        public Builder maxEntryBytes(int value) { this.maxEntryBytes = value; return this; }
        public Builder logFsync(boolean value) { this.logFsync = value; return this; }
        public Builder expirySweepInterval(Duration value) { this.expirySweepInterval = value; return this; }
        public Builder tls(PeerTls value) { this.tls = value; return this; }
        public Builder snapshotEveryEntries(int value) { this.snapshotEveryEntries = value; return this; }
        public Builder temporaryStorage(boolean value) { this.temporaryStorage = value; return this; }
        public Builder rejoinAfterStorageLoss(boolean value) { this.rejoinAfterStorageLoss = value; return this; }
        public Builder retryCacheExpiry(Duration value) { this.retryCacheExpiry = value; return this; }
        /** Plain gRPC between peers even off loopback: only on a network that no one but the peers can reach. */
        public Builder insecure(boolean value) { this.insecure = value; return this; }
        public Builder listenerTimeout(Duration value) { this.listenerTimeout = value; return this; }
        public Builder listenerExpiry(Duration value) { this.listenerExpiry = value; return this; }

        public GridConfig build() {
            return new GridConfig(groupId, peers, localPeerId, storageDir, electionTimeoutMin, electionTimeoutMax,
                    storeFactory, maxInFlightEntries, maxEntryBytes, expirySweepInterval, tls, logFsync,
                    snapshotEveryEntries, temporaryStorage, rejoinAfterStorageLoss, retryCacheExpiry, insecure,
                    listenerTimeout, listenerExpiry);
        }
    }
}
