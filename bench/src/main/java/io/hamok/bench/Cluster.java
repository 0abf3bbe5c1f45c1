package io.hamok.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** The processes of one grid under test, each a JVM running {@code io.hamok.bench.node.Node}, and their files. */
final class Cluster implements AutoCloseable {
    /** JVM options Hazelcast asks for on Java 17 (without them it runs, slower, and warns). */
    private static final List<String> HAZELCAST_OPTIONS = List.of("--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private final String kind;
    private final Path dir;
    private final List<NodeProcess> nodes;
    private final List<Map<String, String>> ready;

    private Cluster(String kind, Path dir, List<NodeProcess> nodes, List<Map<String, String>> ready) {
        this.kind = kind;
        this.dir = dir;
        this.nodes = nodes;
        this.ready = ready;
    }

    /** Starts {@code size} processes of {@code kind} together and waits until every one is ready. */
    static Cluster start(BenchSettings settings, String kind, int size, String redisUrl, String option) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(settings.storageRoot()), "hamok-bench-" + kind + "-");
        List<Integer> ports = Processes.freePorts(size);
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String classpath = Processes.classpath();
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Path nodeDir = Files.createDirectories(dir.resolve("node" + i));
                List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xmx" + settings.heap(), "-Xms" + settings.heap(),
                        "-XX:+ExitOnOutOfMemoryError"));
                command.addAll(settings.jvmArgs());
                if (kind.equals("hazelcast")) {
                    command.addAll(HAZELCAST_OPTIONS);
                }
                String provider = switch (kind) {
                    case "hamok" -> "io.hamok.jcache.spi.HamokCachingProvider";
                    case "hazelcast" -> "com.hazelcast.cache.HazelcastMemberCachingProvider";
                    case "redisson" -> "org.redisson.jcache.JCachingProvider";
                    default -> null;
                };
                if (provider != null) {
                    command.add("-Djavax.cache.spi.CachingProvider=" + provider);
                }
                command.addAll(List.of("-Djava.net.preferIPv4Stack=true",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=error",
                        "-Dorg.slf4j.simpleLogger.log.org.redisson=error",
                        "-Dorg.slf4j.simpleLogger.log.io.hamok.internal.shaded.ratis=error",
                        "-Dorg.slf4j.simpleLogger.log.io.hamok.internal.shaded.redisson=error",
                        "-Dnode.kind=" + kind, "-Dnode.index=" + i,
                        "-Dnode.ports=" + String.join(",", ports.stream().map(String::valueOf).toList()),
                        "-Dnode.redisUrl=" + (redisUrl == null ? "" : redisUrl), "-Dnode.dir=" + nodeDir, "-Dnode.runId=" + runId,
                        "-Dnode.keys=" + settings.keys(), "-Dnode.valueBytes=" + settings.valueBytes(),
                        "-Dnode.batch=" + settings.batch(), "-Dnode.option=" + (option == null ? "" : option),
                        "-cp", classpath, "io.hamok.bench.node.Node"));
                nodes.add(NodeProcess.start(kind + i, command, dir.resolve(kind + i + ".log")));
            }
            List<Map<String, String>> ready = new ArrayList<>();
            for (NodeProcess node : nodes) {
                ready.add(node.awaitReady(Duration.ofSeconds(180)));
            }
            return new Cluster(kind, dir, nodes, ready);
        } catch (RuntimeException | IOException e) {
            nodes.forEach(NodeProcess::close);
            delete(dir);
            throw e;
        }
    }

    String kind() {
        return kind;
    }

    List<NodeProcess> nodes() {
        return nodes;
    }

    /** The figures each node printed when it was ready. */
    List<Map<String, String>> ready() {
        return ready;
    }

    @Override
    public void close() {
        nodes.parallelStream().forEach(NodeProcess::close);
        delete(dir);
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Progress.say("could not delete %s: %s", dir, e);
        }
    }
}
