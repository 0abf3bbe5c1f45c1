package io.hamok.spring.boot;

import io.hamok.jcache.HamokCacheManager;
import io.hamok.jcache.configuration.GridSettings;
import io.hamok.raft.GridStatus;
import io.hamok.raft.PeerAddress;
import io.hamok.spring.boot.internal.GridAccess;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.cache.Cache;

/**
 * Micrometer meters of a hamok peer: the JCache statistics of every cache under Micrometer's
 * {@link JCacheMetrics} names ({@code cache.gets}, {@code cache.puts}, {@code cache.removals},
 * {@code cache.evictions}; tags {@code cache}, {@code cache.manager}), caches created later included,
 * and the grid's, tagged {@code peer}:
 * <ul>
 *   <li>{@code hamok.grid.leader.changes} (counter), {@code hamok.grid.leader} (1 while this peer leads),
 *       {@code hamok.grid.term}, {@code hamok.grid.commit.index}, {@code hamok.grid.applied.index};</li>
 *   <li>{@code hamok.grid.map.applied.index} (tag {@code map}; on the leader, else NaN);</li>
 *   <li>{@code hamok.grid.commands.per.entry}, {@code hamok.grid.commands.per.forward},
 *       {@code hamok.grid.commands.per.store.write};</li>
 *   <li>{@code hamok.grid.replication.lag} (tag {@code follower}; entries a follower lacks, on the leader,
 *       else NaN);</li>
 *   <li>{@code hamok.grid.requests} (a timer: commands and the time until each was answered).</li>
 * </ul>
 */
public class HamokMeters implements MeterBinder {
    /** The {@code cache.manager} tag of the cache meters: Spring Boot's name for its cache manager. */
    public static final String CACHE_MANAGER_TAG = "cacheManager";

    private final GridAccess access;

    public HamokMeters(GridAccess access) {
        this.access = Objects.requireNonNull(access, "access");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        HamokCacheManager manager = access.manager().unwrap(HamokCacheManager.class);
        GridSettings settings = manager.settings();
        Tags peer = Tags.of("peer", settings.localPeerId());
        FunctionCounter.builder("hamok.grid.leader.changes", access, a -> a.status().leaderChanges())
                .description("leader changes this peer saw").tags(peer).register(registry);
        gauge(registry, "hamok.grid.leader", peer, "1 while this peer leads", s -> s.leading() ? 1 : 0);
        gauge(registry, "hamok.grid.term", peer, "the current Raft term", GridStatus::term);
        gauge(registry, "hamok.grid.commit.index", peer, "the last committed log index", GridStatus::commitIndex);
        gauge(registry, "hamok.grid.applied.index", peer, "the last log index this peer applied", GridStatus::appliedIndex);
        gauge(registry, "hamok.grid.commands.per.entry", peer, "commands per Raft entry while leading",
                s -> s.batching().commandsPerEntry());
        gauge(registry, "hamok.grid.commands.per.forward", peer, "commands per batch forwarded to the leader",
                s -> s.batching().commandsPerForward());
        gauge(registry, "hamok.grid.commands.per.store.write", peer, "commands per fenced store write while leading",
                s -> s.batching().commandsPerStoreWrite());
        for (PeerAddress other : settings.peers()) {
            if (!other.id().equals(settings.localPeerId())) {
                gauge(registry, "hamok.grid.replication.lag", peer.and("follower", other.id()),
                        "entries the follower lacks (on the leader)", s -> lag(s, other.id()));
            }
        }
        FunctionTimer.builder("hamok.grid.requests", access, a -> a.status().requests(),
                        a -> a.status().requestNanosTotal(), TimeUnit.NANOSECONDS)
                .description("commands this peer submitted, and the time until each was answered").tags(peer)
                .register(registry);
        manager.onCacheCreated(cache -> bindCache(registry, peer, cache));
    }

    private void bindCache(MeterRegistry registry, Tags peer, Cache<?, ?> cache) {
        new JCacheMetrics<>(cache, Tags.of("cache.manager", CACHE_MANAGER_TAG)).bindTo(registry);
        String mapId = HamokCacheManager.MAP_PREFIX + cache.getName();
        gauge(registry, "hamok.grid.map.applied.index", peer.and("map", mapId),
                "the log index the map's store holds the effects through (on the leader)",
                s -> s.appliedIndexByMap().containsKey(mapId) ? s.appliedIndexByMap().get(mapId) : Double.NaN);
    }

    private static double lag(GridStatus status, String follower) {
        return status.peers().stream().filter(p -> p.peerId().equals(follower)).mapToDouble(GridStatus.PeerProgress::lag)
                .findFirst().orElse(Double.NaN);
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, String description, ToDoubleFunction<GridStatus> value) {
        Gauge.builder(name, access, a -> value.applyAsDouble(a.status())).description(description).tags(tags)
                .register(registry);
    }
}
