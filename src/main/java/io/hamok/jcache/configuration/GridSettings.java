package io.hamok.jcache.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hamok.raft.PeerAddress;

/**
 * The grid settings of one {@code CacheManager}: which peers form the grid, which one this process is,
 * the store and the timeouts. Read from, in increasing precedence: the defaults, the properties file
 * named by the cache-manager URI, the JVM's {@code hamok.*} system properties, and the
 * {@code Properties} passed to {@code getCacheManager}. Every setting and its default is documented in
 * {@code docs/CONFIGURATION.md}.
 *
 * @param groupId            Raft group name ({@code hamok.groupId}, default {@code hamok})
 * @param peers              every peer of the grid; empty means the embedded single peer ({@code hamok.peers})
 * @param localPeerId        this process's peer id ({@code hamok.localPeerId})
 * @param storageDir         Raft log directory ({@code hamok.storageDir}), {@code null} for the default: a
 *                           temporary one for the embedded peer, {@code hamok-data/<groupId>/<localPeerId>} under the
 *                           working directory in a grid of several peers
 * @param electionTimeoutMin lower election timeout ({@code hamok.electionTimeoutMin})
 * @param electionTimeoutMax upper election timeout ({@code hamok.electionTimeoutMax})
 * @param store              {@code memory} or {@code redis} ({@code hamok.store})
 * @param memoryName         name of a JVM-wide shared in-memory store, or {@code null} ({@code hamok.memory.name})
 * @param redis              Redis settings when {@code store=redis}, else {@code null}
 * @param requestTimeout     default time a cache call waits ({@code hamok.requestTimeout})
 * @param startTimeout       how long the first cache waits for the grid to be ready, then opens anyway ({@code hamok.startTimeout})
 * @param serializationAllow extra classes Java serialization may decode ({@code hamok.serialization.allow})
 * @param logFsync           fsync every Raft entry ({@code hamok.logFsync}, default false)
 * @param tls                TLS between peers ({@code hamok.tls.*}), or {@code null}
 * @param snapshotEveryEntries log entries between snapshots ({@code hamok.snapshotEveryEntries}, default 10,000)
 * @param temporaryStorage   a temporary log even in a grid of several peers ({@code hamok.storageDir=temporary}; tests)
 * @param rejoinAfterStorageLoss rejoin after losing the storage ({@code hamok.rejoinAfterStorageLoss}, default false)
 * @param retryCacheExpiry   how long a peer remembers committed requests' replies ({@code hamok.retryCacheExpiry})
 * @param tlsInsecure        plain text between peers off loopback, chosen explicitly ({@code hamok.tls.insecure})
 * @param listenerTimeout    how long a peer waits for one map's listeners ({@code hamok.listenerTimeout}, default 5 s)
 * @param listenerExpiry     how long registrations of a silent peer last ({@code hamok.listenerExpiry}, default 5 min)
 * @param nearCache          near-cache mode of caches that do not set one ({@code hamok.nearCache}, default off)
 * @param nearCacheMaxEntries most entries of such a near cache ({@code hamok.nearCacheMaxEntries}, default 10,000)
 */
public record GridSettings(String groupId, List<PeerAddress> peers, String localPeerId, Path storageDir,
                           Duration electionTimeoutMin, Duration electionTimeoutMax, String store, String memoryName,
                           RedisOptions redis, Duration requestTimeout, Duration startTimeout,
                           String serializationAllow, boolean logFsync, io.hamok.raft.PeerTls tls,
                           int snapshotEveryEntries, boolean temporaryStorage, boolean rejoinAfterStorageLoss,
                           Duration retryCacheExpiry, boolean tlsInsecure, Duration listenerTimeout,
                           Duration listenerExpiry, io.hamok.raft.NearCacheMode nearCache, int nearCacheMaxEntries) {
    /** The {@code hamok.storageDir} value that asks for a temporary log. */
    public static final String TEMPORARY_STORAGE = "temporary";
    /** The prefix of every setting. */
    public static final String PREFIX = "hamok.";
    /** System property naming the properties file of the default URI. */
    public static final String CONFIG_FILE = "hamok.config";
    /**
     * The scheme of cache-manager URIs that name no file ({@code hamok:...}): the settings come from the
     * system properties and the {@code Properties} alone, and distinct URIs give distinct managers.
     */
    public static final String SETTINGS_ONLY_SCHEME = "hamok";
    /** The id of the embedded single peer. */
    public static final String EMBEDDED_PEER_ID = "local";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    /**
     * Redis connection settings.
     *
     * @param url                {@code redis://host:port} or {@code rediss://host:port} for TLS
     * @param username           ACL user, or {@code null}
     * @param password           password, or {@code null}
     * @param database           database number
     * @param connectionPoolSize most connections
     * @param timeout            command timeout
     * @param config             a Redisson YAML file ({@code hamok.redis.config}) that replaces all of the above, or {@code null}
     */
    public record RedisOptions(String url, String username, String password, int database, int connectionPoolSize,
                               Duration timeout, String config) {
        /** Settings of one Redis server, without a Redisson YAML file. */
        public RedisOptions(String url, String username, String password, int database, int connectionPoolSize, Duration timeout) {
            this(url, username, password, database, connectionPoolSize, timeout, null);
        }

        @Override
        public String toString() {
            if (config != null) {
                return "RedisOptions[config=" + config + "]";
            }
            return "RedisOptions[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                    + ", database=" + database + ", connectionPoolSize=" + connectionPoolSize + ", timeout=" + timeout + "]";
        }
    }

    /** True for the embedded default: one local peer whose port is chosen at start. */
    public boolean embedded() {
        return peers.isEmpty();
    }

    /**
     * Identifies the grid peer these settings start, so that managers with the same peer share it. An
     * embedded peer on a private in-memory store belongs to its manager's URI: managers of different
     * URIs hold different caches (JSR-107), while the same URI under two class loaders shares one peer.
     * Naming the store ({@code hamok.memory.name}) or a Redis store shares on purpose.
     */
    public String peerKey(java.net.URI managerUri) {
        if (!embedded()) {
            return groupId + "/" + localPeerId + "/" + peers;
        }
        boolean privateMemory = "memory".equals(store) && memoryName == null;
        return "embedded/" + store + "/" + (privateMemory ? managerUri : memoryName + "/" + redis);
    }

    /**
     * Loads the settings of a cache manager.
     *
     * @param uri         the cache-manager URI; {@code defaultUri} means "no file" unless {@code hamok.config} is set, and any other {@code hamok:} URI means "no file" too
     * @param defaultUri  the provider's default URI
     * @param classLoader resolves {@code classpath:} URIs
     * @param overrides   the {@code Properties} given to {@code getCacheManager}
     * @throws IllegalArgumentException naming the setting, its value and the expectation, when one is invalid
     */
    public static GridSettings load(URI uri, URI defaultUri, ClassLoader classLoader, Properties overrides) {
        return parse(merge(uri, defaultUri, classLoader, overrides));
    }

    /**
     * The settings of a cache manager as {@link #load} merges them, before parsing: the file, the
     * {@code hamok.*} system properties and the overrides ({@link DeclaredCaches} reads the same).
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    public static Properties merge(URI uri, URI defaultUri, ClassLoader classLoader, Properties overrides) {
        Properties merged = new Properties();
        String file = uri.equals(defaultUri) ? System.getProperty(CONFIG_FILE)
                : SETTINGS_ONLY_SCHEME.equals(uri.getScheme()) ? null : uri.toString();
        if (file != null && !file.isBlank()) {
            merged.putAll(readFile(file, classLoader));
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if ((Keys.ALL.contains(name) || DeclaredCaches.isDeclaration(name)) && !name.equals(CONFIG_FILE)) {
                merged.setProperty(name, System.getProperty(name));
            }
        }
        if (overrides != null) {
            for (String name : overrides.stringPropertyNames()) {
                merged.setProperty(name, overrides.getProperty(name));
            }
        }
        return merged;
    }

    /** Parses already merged properties. */
    public static GridSettings parse(Properties p) {
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !Keys.ALL.contains(name) && !DeclaredCaches.isDeclaration(name)) {
                throw new IllegalArgumentException(name + " : '" + p.getProperty(name) + "' (expected: one of the settings "
                        + Keys.ALL + ", or a declaration " + DeclaredCaches.CACHE_PREFIX + "<name>.<option> or "
                        + DeclaredCaches.TEMPLATE_PREFIX + "<name>.<option>; see docs/CONFIGURATION.md)");
            }
        }
        List<PeerAddress> peers = parsePeers(p.getProperty(Keys.PEERS));
        String localPeerId = trimmed(p, Keys.LOCAL_PEER_ID);
        if (peers.isEmpty()) {
            if (localPeerId != null && !localPeerId.equals(EMBEDDED_PEER_ID)) {
                throw new IllegalArgumentException(Keys.LOCAL_PEER_ID + " : '" + localPeerId
                        + "' (expected: unset or '" + EMBEDDED_PEER_ID + "' when " + Keys.PEERS + " is unset)");
            }
            localPeerId = EMBEDDED_PEER_ID;
        } else if (localPeerId == null) {
            if (peers.size() != 1) {
                throw new IllegalArgumentException(Keys.LOCAL_PEER_ID + " : null (expected: one of the ids in "
                        + Keys.PEERS + " " + peers + ")");
            }
            localPeerId = peers.get(0).id();
        } else {
            String id = localPeerId;
            if (peers.stream().noneMatch(peer -> peer.id().equals(id))) {
                throw new IllegalArgumentException(Keys.LOCAL_PEER_ID + " : '" + localPeerId + "' (expected: one of the ids in "
                        + Keys.PEERS + " " + peers + ")");
            }
        }
        if (peers.stream().map(PeerAddress::id).distinct().count() != peers.size()) {
            throw new IllegalArgumentException(Keys.PEERS + " : '" + p.getProperty(Keys.PEERS) + "' (expected: distinct peer ids)");
        }
        String groupId = orDefault(p, Keys.GROUP_ID, "hamok");
        if (!groupId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(Keys.GROUP_ID + " : '" + groupId + "' (expected: letters, digits, '-' or '_')");
        }
        String dir = trimmed(p, Keys.STORAGE_DIR);
        boolean temporaryStorage = TEMPORARY_STORAGE.equals(dir);
        Path storageDir = dir == null || temporaryStorage ? null : Path.of(dir);
        boolean embedded = peers.isEmpty();
        Duration electionMin = duration(p, Keys.ELECTION_TIMEOUT_MIN, embedded ? Duration.ofMillis(150) : Duration.ofMillis(700));
        Duration electionMax = duration(p, Keys.ELECTION_TIMEOUT_MAX, embedded ? Duration.ofMillis(300) : Duration.ofMillis(1400));
        if (electionMin.toMillis() < 50) {
            throw new IllegalArgumentException(Keys.ELECTION_TIMEOUT_MIN + " : '" + p.getProperty(Keys.ELECTION_TIMEOUT_MIN)
                    + "' (expected: at least 50ms)");
        }
        if (electionMax.compareTo(electionMin) <= 0) {
            throw new IllegalArgumentException(Keys.ELECTION_TIMEOUT_MAX + " : " + electionMax.toMillis()
                    + "ms (expected: more than " + Keys.ELECTION_TIMEOUT_MIN + " " + electionMin.toMillis() + "ms)");
        }
        String store = orDefault(p, Keys.STORE, "memory").toLowerCase(Locale.ROOT);
        RedisOptions redis = null;
        switch (store) {
            case "memory" -> {
                if (trimmed(p, Keys.REDIS_URL) != null) {
                    throw new IllegalArgumentException(Keys.REDIS_URL + " : '" + p.getProperty(Keys.REDIS_URL)
                            + "' (expected: unset unless " + Keys.STORE + "=redis)");
                }
                RedisYamlSetting.requireUnset(p, Keys.STORE + "=memory");
            }
            case "redis" -> redis = redis(p);
            default -> throw new IllegalArgumentException(Keys.STORE + " : '" + p.getProperty(Keys.STORE)
                    + "' (expected: memory or redis)");
        }
        Duration requestTimeout = duration(p, Keys.REQUEST_TIMEOUT, Duration.ofSeconds(10));
        positive(Keys.REQUEST_TIMEOUT, requestTimeout);
        Duration startTimeout = duration(p, Keys.START_TIMEOUT, Duration.ofSeconds(30));
        positive(Keys.START_TIMEOUT, startTimeout);
        StoreSharingRule.check(peers, store, trimmed(p, Keys.MEMORY_NAME));
        io.hamok.raft.PeerTls tls = tls(p);
        boolean tlsInsecure = tlsInsecure(p, tls != null);
        io.hamok.raft.internal.ProtectedMode.requireTls(peers, tls != null, tlsInsecure, Keys.PEERS, Keys.TLS_KEY_STORE,
                Keys.TLS_INSECURE + "=true");
        return new GridSettings(groupId, List.copyOf(peers), localPeerId, storageDir, electionMin, electionMax, store,
                trimmed(p, Keys.MEMORY_NAME), redis, requestTimeout, startTimeout, orDefault(p, Keys.SERIALIZATION_ALLOW, ""),
                bool(p, Keys.LOG_FSYNC), tls, integer(p, Keys.SNAPSHOT_EVERY_ENTRIES, 10_000, 1), temporaryStorage,
                bool(p, Keys.REJOIN_AFTER_STORAGE_LOSS), retryCacheExpiry(p), tlsInsecure,
                positiveDuration(p, Keys.LISTENER_TIMEOUT, Duration.ofSeconds(5)),
                positiveDuration(p, Keys.LISTENER_EXPIRY, Duration.ofMinutes(5)),
                io.hamok.raft.NearCacheMode.parse(Keys.NEAR_CACHE, orDefault(p, Keys.NEAR_CACHE, "off")),
                integer(p, Keys.NEAR_CACHE_MAX_ENTRIES, io.hamok.map.HamokRemoteMapConfig.DEFAULT_NEAR_CACHE_MAX_ENTRIES, 1));
    }

    private static boolean tlsInsecure(Properties p, boolean tls) {
        boolean insecure = bool(p, Keys.TLS_INSECURE);
        if (insecure && tls) {
            throw new IllegalArgumentException(Keys.TLS_INSECURE + " : 'true' (expected: false or unset, since "
                    + Keys.TLS_KEY_STORE + " turns TLS on)");
        }
        return insecure;
    }

    private static Duration positiveDuration(Properties p, String key, Duration defaultValue) {
        Duration value = duration(p, key, defaultValue);
        positive(key, value);
        return value;
    }

    private static Duration retryCacheExpiry(Properties p) {
        Duration expiry = duration(p, Keys.RETRY_CACHE_EXPIRY, Duration.ofSeconds(60));
        if (expiry.toSeconds() < 5) {
            throw new IllegalArgumentException(Keys.RETRY_CACHE_EXPIRY + " : '" + p.getProperty(Keys.RETRY_CACHE_EXPIRY)
                    + "' (expected: at least 5s)");
        }
        return expiry;
    }

    /** TLS between peers when {@code hamok.tls.keyStore} is set: PKCS#12 or JKS stores, mutual by default. */
    private static io.hamok.raft.PeerTls tls(Properties p) {
        String keyStore = trimmed(p, Keys.TLS_KEY_STORE);
        if (keyStore == null) {
            for (String key : List.of(Keys.TLS_TRUST_STORE, Keys.TLS_KEY_STORE_PASSWORD, Keys.TLS_TRUST_STORE_PASSWORD)) {
                if (trimmed(p, key) != null) {
                    throw new IllegalArgumentException(key + " : set (expected: only with " + Keys.TLS_KEY_STORE + ")");
                }
            }
            return null;
        }
        String trustStore = orDefault(p, Keys.TLS_TRUST_STORE, keyStore);
        char[] keyPassword = orDefault(p, Keys.TLS_KEY_STORE_PASSWORD, "").toCharArray();
        char[] trustPassword = orDefault(p, Keys.TLS_TRUST_STORE_PASSWORD, new String(keyPassword)).toCharArray();
        boolean mutual = bool(p, Keys.TLS_MUTUAL, "true");
        try {
            return io.hamok.raft.PeerTls.fromKeyStores(Path.of(keyStore), keyPassword, Path.of(trustStore), trustPassword, mutual);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Keys.TLS_KEY_STORE + " : '" + keyStore + "', " + Keys.TLS_TRUST_STORE + " : '"
                    + trustStore + "' (expected: readable PKCS#12 or JKS stores with the given passwords): " + e.getMessage(), e);
        }
    }

    private static boolean bool(Properties p, String key) {
        return bool(p, key, "false");
    }

    private static boolean bool(Properties p, String key, String fallback) {
        String value = orDefault(p, key, fallback).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " : '" + p.getProperty(key) + "' (expected: true or false)");
        }
        return Boolean.parseBoolean(value);
    }

    private static RedisOptions redis(Properties p) {
        if (trimmed(p, Keys.REDIS_CONFIG) != null) {
            return RedisYamlSetting.options(p);
        }
        String url = trimmed(p, Keys.REDIS_URL);
        if (url == null) {
            throw new IllegalArgumentException(Keys.REDIS_URL + " : null (expected: redis://host:port or rediss://host:port, "
                    + "required when " + Keys.STORE + "=redis)");
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException(Keys.REDIS_URL + " : '" + url + "' (expected: redis://host:port or rediss://host:port)");
        }
        String username = trimmed(p, Keys.REDIS_USERNAME);
        String password = p.getProperty(Keys.REDIS_PASSWORD);
        if (username != null && password == null) {
            throw new IllegalArgumentException(Keys.REDIS_PASSWORD + " : null (expected: a password, since "
                    + Keys.REDIS_USERNAME + " '" + username + "' is set)");
        }
        int database = integer(p, Keys.REDIS_DATABASE, 0, 0);
        int pool = integer(p, Keys.REDIS_CONNECTION_POOL_SIZE, 16, 1);
        Duration timeout = duration(p, Keys.REDIS_TIMEOUT, Duration.ofSeconds(3));
        positive(Keys.REDIS_TIMEOUT, timeout);
        return new RedisOptions(url, username, password, database, pool, timeout);
    }

    private static List<PeerAddress> parsePeers(String text) {
        List<PeerAddress> peers = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return peers;
        }
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                peers.add(PeerAddress.parse(part.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Keys.PEERS + " : '" + text + "' (expected: id@host:port,... ; "
                        + e.getMessage() + ")", e);
            }
        }
        return peers;
    }

    private static Properties readFile(String location, ClassLoader classLoader) {
        Properties properties = new Properties();
        try (InputStream in = open(location, classLoader)) {
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new IllegalArgumentException("CacheManager URI : '" + location
                    + "' (expected: a readable properties file: a path, a file: or jar: URI, or classpath:resource): " + e.getMessage(), e);
        }
    }

    private static InputStream open(String location, ClassLoader classLoader) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/+", "");
            ClassLoader loader = classLoader == null ? GridSettings.class.getClassLoader() : classLoader;
            InputStream in = loader.getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no resource '" + resource + "' on the class path");
            }
            return in;
        }
        if (location.startsWith("jar:")) {
            // a resource inside a jar, as Hibernate passes hibernate.javax.cache.uri resolved on the class path
            return URI.create(location).toURL().openStream();
        }
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return Files.newInputStream(path);
    }

    private static String trimmed(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orDefault(Properties p, String key, String fallback) {
        String value = trimmed(p, key);
        return value == null ? fallback : value;
    }

    private static int integer(Properties p, String key, int fallback, int min) {
        String value = trimmed(p, key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " : '" + value + "' (expected: an integer >= " + min + ")");
        }
    }

    /** Parses {@code 1500}, {@code 1500ms}, {@code 2s}, {@code 1m} or an ISO-8601 duration such as {@code PT2S}. */
    static Duration duration(Properties p, String key, Duration fallback) {
        String value = trimmed(p, key);
        if (value == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                return switch (unit) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofMillis(amount);
                };
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " : '" + value + "' (expected: a duration such as 1500, 1500ms, 2s or PT2S)");
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " : " + value + " (expected: > 0)");
        }
    }

    /** The names of every setting. */
    public static final class Keys {
        public static final String PEERS = "hamok.peers";
        public static final String LOCAL_PEER_ID = "hamok.localPeerId";
        public static final String GROUP_ID = "hamok.groupId";
        public static final String STORAGE_DIR = "hamok.storageDir";
        public static final String ELECTION_TIMEOUT_MIN = "hamok.electionTimeoutMin";
        public static final String ELECTION_TIMEOUT_MAX = "hamok.electionTimeoutMax";
        public static final String STORE = "hamok.store";
        public static final String MEMORY_NAME = "hamok.memory.name";
        public static final String REDIS_URL = "hamok.redis.url";
        public static final String REDIS_USERNAME = "hamok.redis.username";
        public static final String REDIS_PASSWORD = "hamok.redis.password";
        public static final String REDIS_DATABASE = "hamok.redis.database";
        public static final String REDIS_CONNECTION_POOL_SIZE = "hamok.redis.connectionPoolSize";
        public static final String REDIS_TIMEOUT = "hamok.redis.timeout";
        /** A Redisson YAML file for the Redis store, instead of the other {@code hamok.redis.*} settings. */
        public static final String REDIS_CONFIG = "hamok.redis.config";
        public static final String REQUEST_TIMEOUT = "hamok.requestTimeout";
        public static final String START_TIMEOUT = "hamok.startTimeout";
        public static final String SERIALIZATION_ALLOW = "hamok.serialization.allow";
        public static final String LOG_FSYNC = "hamok.logFsync";
        public static final String SNAPSHOT_EVERY_ENTRIES = "hamok.snapshotEveryEntries";
        public static final String REJOIN_AFTER_STORAGE_LOSS = "hamok.rejoinAfterStorageLoss";
        public static final String RETRY_CACHE_EXPIRY = "hamok.retryCacheExpiry";
        public static final String LISTENER_TIMEOUT = "hamok.listenerTimeout";
        public static final String LISTENER_EXPIRY = "hamok.listenerExpiry";
        public static final String TLS_KEY_STORE = "hamok.tls.keyStore";
        public static final String TLS_KEY_STORE_PASSWORD = "hamok.tls.keyStorePassword";
        public static final String TLS_TRUST_STORE = "hamok.tls.trustStore";
        public static final String TLS_TRUST_STORE_PASSWORD = "hamok.tls.trustStorePassword";
        public static final String TLS_MUTUAL = "hamok.tls.mutual";
        public static final String TLS_INSECURE = "hamok.tls.insecure";
        public static final String NEAR_CACHE = "hamok.nearCache";
        public static final String NEAR_CACHE_MAX_ENTRIES = "hamok.nearCacheMaxEntries";
        static final List<String> ALL = List.of(PEERS, LOCAL_PEER_ID, GROUP_ID, STORAGE_DIR, ELECTION_TIMEOUT_MIN,
                ELECTION_TIMEOUT_MAX, STORE, MEMORY_NAME, REDIS_URL, REDIS_USERNAME, REDIS_PASSWORD, REDIS_DATABASE,
                REDIS_CONNECTION_POOL_SIZE, REDIS_TIMEOUT, REQUEST_TIMEOUT, START_TIMEOUT, SERIALIZATION_ALLOW, LOG_FSYNC, SNAPSHOT_EVERY_ENTRIES,
                REJOIN_AFTER_STORAGE_LOSS, RETRY_CACHE_EXPIRY, TLS_KEY_STORE, TLS_KEY_STORE_PASSWORD, TLS_TRUST_STORE, TLS_TRUST_STORE_PASSWORD, TLS_MUTUAL, CONFIG_FILE,
                TLS_INSECURE, REDIS_CONFIG, LISTENER_TIMEOUT, LISTENER_EXPIRY, NEAR_CACHE, NEAR_CACHE_MAX_ENTRIES);

        private Keys() {}

        /** The name of every grid setting (declared caches and templates aside). */
        public static List<String> all() {
            return ALL;
        }
    }
}
