package io.hamok.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Child processes: the classpath they get, the free ports they bind, their CPU time, and killing them all on exit. */
final class Processes {
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::killAll, "bench-kill-nodes"));
    }

    private Processes() {}

    static void register(Process process) {
        STARTED.add(process);
    }

    static void killAll() {
        for (Process process : STARTED) {
            process.destroyForcibly();
        }
    }

    /** {@code java} of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This program's classpath: the URLs of its class loaders when it runs inside Maven ({@code exec:java}
     * loads it in a class loader of its own, and {@code java.class.path} is Maven's), else
     * {@code java.class.path}.
     */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = Processes.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (Exception e) {
                        entries.add(url.getPath());
                    }
                }
            }
        }
        boolean found = entries.stream().anyMatch(e -> e.contains("hamok-jcache"));
        return found ? String.join(java.io.File.pathSeparator, entries) : System.getProperty("java.class.path");
    }

    static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** CPU time of a process so far, or -1 when unknown. */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    /** The redis-server this JVM started (RedisServerFixture), if any. */
    static Optional<ProcessHandle> redisServer() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .findFirst();
    }
}
