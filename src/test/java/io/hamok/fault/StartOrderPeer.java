package io.hamok.fault;

import io.hamok.raft.Grid;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A child-JVM peer that only opens its cache manager and one cache (no listener, which needs the grid),
 * prints {@code READY <peer> <millis to open>}, then answers {@code PUT <id> <key> <value>} with
 * {@code OK <id>}, {@code GET <id> <key>} with {@code VAL <id> <value>}, and a failure with
 * {@code ERR <id> <exception class> <message>}. Usage as {@link io.hamok.testing.PeerMain}.
 */
public final class StartOrderPeer {
    private static final PrintStream OUT = System.out;

    private StartOrderPeer() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Cache<String, String> cache;
        CacheManager manager;
        try {
            CachingProvider provider = Caching.getCachingProvider(io.hamok.jcache.spi.HamokCachingProvider.class.getName());
            manager = provider.getCacheManager(Path.of(args[0]).toUri(), provider.getDefaultClassLoader());
            cache = manager.createCache("start-order" + (args.length > 1 ? args[1] : ""),
                    new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        } catch (Throwable t) {
            OUT.println("STARTFAILED " + t.getClass().getName() + " " + oneLine(t.getMessage()));
            System.exit(2);
            return;
        }
        OUT.println("READY " + manager.unwrap(Grid.class).localPeerId() + " " + (System.nanoTime() - start) / 1_000_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split(" ");
            String id = w.length > 1 ? w[1] : "-";
            try {
                switch (w[0]) {
                    case "PUT" -> {
                        cache.put(w[2], w[3]);
                        OUT.println("OK " + id);
                    }
                    case "GET" -> OUT.println("VAL " + id + " " + cache.get(w[2]));
                    default -> OUT.println("ERR " + id + " java.lang.IllegalArgumentException unknown command: " + line);
                }
            } catch (RuntimeException e) {
                OUT.println("ERR " + id + " " + e.getClass().getName() + " " + oneLine(e.getMessage()));
            }
        }
        System.exit(0);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
