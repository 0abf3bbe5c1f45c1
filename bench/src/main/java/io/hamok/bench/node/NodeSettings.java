package io.hamok.bench.node;

import io.hamok.bench.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a node process is told on its command line, as {@code -Dnode.*} system properties: which
 * system, which member of the grid, the members' loopback ports, where to keep files, the data shape.
 */
record NodeSettings(String kind, int index, List<Integer> ports, String redisUrl, Path dir, String runId,
                    int keys, int valueBytes, int batch, String option) {
    static NodeSettings fromSystemProperties() {
        return new NodeSettings(required("node.kind"), Integer.parseInt(required("node.index")),
                Arrays.stream(required("node.ports").split(",")).map(Integer::valueOf).toList(),
                System.getProperty("node.redisUrl", ""), Path.of(required("node.dir")), required("node.runId"),
                Integer.getInteger("node.keys", 10_000), Integer.getInteger("node.valueBytes", 100),
                Integer.getInteger("node.batch", 100), System.getProperty("node.option", ""));
    }

    Dataset dataset() {
        return new Dataset(keys, valueBytes);
    }

    int localPort() {
        return ports.get(index);
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " : unset (expected: set by the benchmark's orchestrator)");
        }
        return value;
    }
}
