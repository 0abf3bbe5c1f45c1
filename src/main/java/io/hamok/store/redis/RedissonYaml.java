package io.hamok.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * Reads a Redisson YAML configuration ({@code singleServerConfig}, {@code sentinelServersConfig},
 * {@code clusterServersConfig}, {@code replicatedServersConfig} or {@code masterSlaveServersConfig}, with
 * pools, timeouts and TLS as Redisson documents them) and adapts it to the store: values are raw bytes, and
 * every command, reads included, goes to the master, since a replica may lag behind acknowledged writes.
 *
 * <p>Redisson is embedded under a relocated package, so class names in the YAML ({@code !<org.redisson...>}
 * tags, such as a codec or a load balancer) are rewritten to the embedded package before parsing.
 */
final class RedissonYaml extends Config {
    /** The package users write; built at run time so that relocation leaves the literal alone. */
    private static final String PUBLISHED_PACKAGE = String.join(".", "org", "redisson") + ".";
    /** The package Redisson really has here: the published one, or the relocated one inside the hamok jar. */
    private static final String ACTUAL_PACKAGE = Config.class.getPackageName().replaceFirst("config$", "");

    private RedissonYaml(Config loaded) {
        super(loaded);
    }

    /**
     * Reads and parses the configuration.
     *
     * @param location {@code file:/path.yaml}, {@code classpath:resource.yaml}, or a file path
     * @param loader   resolves {@code classpath:} locations
     * @throws IllegalArgumentException naming the location, when it cannot be read or is not a valid
     *                                  Redisson configuration naming Redis servers
     */
    static Config read(String location, ClassLoader loader) {
        Objects.requireNonNull(location, "location");
        String text;
        try (InputStream in = open(location.trim(), loader)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("'" + location + "' (expected: a readable Redisson YAML file: file:/path.yaml, "
                    + "classpath:resource.yaml or a path): " + e, e);
        }
        return parse(location, text);
    }

    /** Parses YAML text; {@code location} only names it in messages. */
    static Config parse(String location, String text) {
        Config loaded;
        try {
            loaded = Config.fromYAML(relocate(text));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("'" + location + "' (expected: a Redisson YAML configuration): "
                    + firstLine(e.getMessage()), e);
        }
        RedissonYaml config = new RedissonYaml(loaded);
        if (config.servers().findAny().isEmpty() && config.getSingleServerConfig() == null) {
            throw new IllegalArgumentException("'" + location + "' (expected: one of singleServerConfig, sentinelServersConfig, "
                    + "clusterServersConfig, replicatedServersConfig or masterSlaveServersConfig)");
        }
        config.servers().forEach(servers -> servers.setReadMode(ReadMode.MASTER));
        config.setCodec(ByteArrayCodec.INSTANCE);
        return config;
    }

    /** Rewrites Redisson class names to the package Redisson has at run time. */
    static String relocate(String text) {
        return PUBLISHED_PACKAGE.equals(ACTUAL_PACKAGE) ? text : text.replace(PUBLISHED_PACKAGE, ACTUAL_PACKAGE);
    }

    private Stream<BaseMasterSlaveServersConfig<?>> servers() {
        return Stream.<BaseMasterSlaveServersConfig<?>>of(getSentinelServersConfig(), getClusterServersConfig(),
                getReplicatedServersConfig(), getMasterSlaveServersConfig()).filter(Objects::nonNull);
    }

    private static InputStream open(String location, ClassLoader loader) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/+", "");
            ClassLoader resolver = loader == null ? RedissonYaml.class.getClassLoader() : loader;
            InputStream in = resolver.getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no resource '" + resource + "' on the class path");
            }
            return in;
        }
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return Files.newInputStream(path);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
