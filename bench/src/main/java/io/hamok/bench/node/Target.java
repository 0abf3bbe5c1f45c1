package io.hamok.bench.node;

import io.hamok.bench.LoadDriver;
import java.io.IOException;
import java.util.Map;

/** One system under test as seen from inside one of its processes. */
interface Target extends AutoCloseable {
    /** The named synchronous operation, or null when this system has none by that name. */
    LoadDriver.Op op(String name);

    /** The named asynchronous operation, or null. */
    default LoadDriver.AsyncOp asyncOp(String name) {
        return null;
    }

    /** Writes the key space once (called on one process of the grid). */
    void preload() throws Exception;

    /** Figures for the report, e.g. {@code leader=true}; empty when the system has none. */
    default Map<String, String> stats() {
        return Map.of();
    }

    default void resetStats() {}

    @Override
    void close() throws IOException;
}
