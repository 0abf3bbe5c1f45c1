package io.hamok.store.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the Redis server of a {@link RedisStoreFactory}. Build with {@link #builder(String)}.
 *
 * @param url                {@code redis://host:port} or, for TLS, {@code rediss://host:port} (port default 6379);
 *                           credentials go in {@code username}/{@code password}, not in the url
 * @param username           ACL user name, or {@code null} for the default user
 * @param password           password, or {@code null} for none; required when a username is set
 * @param database           database number (default 0)
 * @param connectionPoolSize most connections the client opens (default 16)
 * @param timeout            how long a command waits for its reply (default 3 s)
 */
public record RedisSettings(String url, String username, String password, int database, int connectionPoolSize,
                            Duration timeout) {
    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_CONNECTION_POOL_SIZE = 16;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /**
     * @throws IllegalArgumentException if a setting is out of range; the message names it
     */
    public RedisSettings {
        url = normalizeUrl(url);
        if (username != null && username.isBlank()) {
            throw new IllegalArgumentException("username : '" + username + "' (expected: null or a non-blank ACL user name)");
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("password : null (expected: a password, since username '" + username + "' is set)");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database : " + database + " (expected: >= 0)");
        }
        if (connectionPoolSize < 1) {
            throw new IllegalArgumentException("connectionPoolSize : " + connectionPoolSize + " (expected: >= 1)");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout : " + timeout + " (expected: > 0 and at most " + Integer.MAX_VALUE + " ms)");
        }
    }

    /** A builder with every default set. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** True when the url asks for TLS ({@code rediss://}). */
    public boolean tls() {
        return url.startsWith("rediss://");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "RedisSettings[url=" + url + ", username=" + username + ", password=" + (password == null ? "null" : "***")
                + ", database=" + database + ", connectionPoolSize=" + connectionPoolSize + ", timeout=" + timeout + "]";
    }

    private static String normalizeUrl(String url) {
        if (url == null) {
            throw new IllegalArgumentException("url : null (expected: redis://host:port or rediss://host:port)");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url : '" + url + "' (expected: redis://host:port or rediss://host:port): "
                    + e.getMessage(), e);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url : '" + uri.getScheme() + "://***@" + uri.getHost()
                    + "' (expected: no credentials in the url; set username and password instead)");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("url : '" + url + "' (expected: redis://host:port or rediss://host:port for TLS)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("url : '" + url + "' (expected: a host, as in " + scheme + "://localhost:6379)");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !"/".equals(path)) || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("url : '" + url + "' (expected: no path or query; set the database number in 'database')");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return scheme + "://" + uri.getHost() + ":" + port;
    }

    /** Builds {@link RedisSettings}. */
    public static final class Builder {
        private final String url;
        private String username;
        private String password;
        private int database;
        private int connectionPoolSize = DEFAULT_CONNECTION_POOL_SIZE;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(String url) {
            this.url = url;
        }

        public Builder username(String value) { this.username = value; return this; }
        public Builder password(String value) { this.password = value; return this; }
        public Builder database(int value) { this.database = value; return this; }
        public Builder connectionPoolSize(int value) { this.connectionPoolSize = value; return this; }
        public Builder timeout(Duration value) { this.timeout = value; return this; }

        /** @throws IllegalArgumentException if a setting is out of range */
        public RedisSettings build() {
            return new RedisSettings(url, username, password, database, connectionPoolSize, timeout);
        }
    }
}
