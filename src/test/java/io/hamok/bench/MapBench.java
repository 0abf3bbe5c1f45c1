package io.hamok.bench;

import io.hamok.map.HamokRemoteMap;
import io.hamok.map.HamokRemoteMapConfig;
import io.hamok.raft.Grid;
import io.hamok.raft.internal.BatchStats;
import io.hamok.store.StoreFactory;
import io.hamok.store.memory.MemoryStoreFactory;
import io.hamok.store.redis.RedisSettings;
import io.hamok.store.redis.RedisStoreFactory;
import io.hamok.testing.RedisServerFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Part A: {@link HamokRemoteMap} set / get / setAll on 1 and 3 peers over the memory and Redis
 * stores, and raw Redisson {@link RMap} fastPut / get / putAll on the same Redis with the same bytes.
 */
final class MapBench {
    /** The three map operations, with their raw Redisson counterpart. */
    enum MapOp {
        SET("set", "fastPut"), GET("get", "get"), SET_ALL("setAll", "putAll");

        final String hamokName;
        final String rawName;

        MapOp(String hamokName, String rawName) {
            this.hamokName = hamokName;
            this.rawName = rawName;
        }
    }

    /** One measured hamok cell. */
    record MapCell(String store, int peers, MapOp op, int threads, LoadDriver.Result result, String commandsPerEntry,
                   double commandsPerStoreWrite) {}

    /** One measured raw Redisson cell. */
    record RawCell(MapOp op, int threads, LoadDriver.Result result) {}

    private final BenchSettings settings;
    private final Dataset data;
    private final List<MapCell> cells = new ArrayList<>();
    private final List<RawCell> rawCells = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    MapBench(BenchSettings settings, Dataset data) {
        this.settings = settings;
        this.data = data;
    }

    void run() {
        for (String store : settings.stores()) {
            for (int peers : settings.peers()) {
                runGrid(store, peers);
            }
        }
        if (settings.stores().contains("redis")) {
            runRaw();
        }
    }

    private void runGrid(String store, int peers) {
        String mapId = "bench-" + store + "-" + peers + "p";
        Supplier<StoreFactory> stores;
        if ("redis".equals(store)) {
            RedisServerFixture.flushAll();
            RedisSettings redis = RedisSettings.builder(RedisServerFixture.url()).build();
            stores = () -> RedisStoreFactory.create(redis);
        } else {
            String name = mapId + "-" + System.nanoTime();
            stores = () -> MemoryStoreFactory.named(name);
        }
        Progress.say("part A: starting %d peer(s) on the %s store", peers, store);
        try (BenchGrid grid = BenchGrid.start(peers, stores, settings.maxInFlightEntries())) {
            notes.add(String.format(Locale.ROOT, "%s, %d peer(s): leader p%d, maxInFlightEntries %d; load thread i uses peer"
                    + " p(i mod %d)", store, peers, grid.leaderIndex(), grid.maxInFlightEntries(), peers));
            List<HamokRemoteMap<String, byte[]>> maps = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                maps.add(HamokRemoteMap.create(grid.peer(i), HamokRemoteMapConfig.<String, byte[]>builder(mapId)
                        .keyCodec(RawCodecs.UTF8).valueCodec(RawCodecs.IDENTITY).build()));
            }
            preload(maps.get(0));
            for (MapOp op : MapOp.values()) {
                for (int threads : settings.threads()) {
                    Progress.say("part A: %s %d peer(s) %s x%d", store, peers, op.hamokName, threads);
                    cells.add(measure(store, grid, maps, op, threads));
                }
            }
            maps.forEach(HamokRemoteMap::close);
        }
    }

    private void preload(HamokRemoteMap<String, byte[]> map) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int from = 0; from < data.size(); from += settings.batch()) {
            Map<String, byte[]> chunk = new LinkedHashMap<>();
            for (int i = from; i < Math.min(data.size(), from + settings.batch()); i++) {
                chunk.put(data.key(i), data.value(i));
            }
            writes.add(map.setAll(chunk));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }

    private MapCell measure(String store, BenchGrid grid, List<HamokRemoteMap<String, byte[]>> maps, MapOp op, int threads) {
        int batch = settings.batch();
        LoadDriver.Op load = switch (op) {
            case SET -> (t, r) -> maps.get(t % maps.size()).set(data.randomKey(r), data.randomValue(r)).join();
            case GET -> (t, r) -> maps.get(t % maps.size()).get(data.randomKey(r)).join();
            case SET_ALL -> (t, r) -> maps.get(t % maps.size()).setAll(data.randomEntries(r, batch)).join();
        };
        double[] perEntry = new double[grid.size()];
        double[] perWrite = new double[grid.size()];
        LoadDriver.Result result = settings.driver().run(threads, load,
                () -> forEachPeer(grid, (stats, i) -> stats.reset()),
                () -> forEachPeer(grid, (stats, i) -> {
                    perEntry[i] = stats.commandsPerEntry();
                    perWrite[i] = stats.commandsPerStoreWrite();
                }));
        StringBuilder entries = new StringBuilder();
        double storeWrite = 0;
        for (int i = 0; i < grid.size(); i++) {
            if (perEntry[i] > 0) {
                entries.append(entries.length() == 0 ? "" : "/").append(Table.decimal(perEntry[i]));
            }
            storeWrite = Math.max(storeWrite, perWrite[i]);
        }
        return new MapCell(store, grid.size(), op, threads, result, entries.length() == 0 ? "-" : entries.toString(), storeWrite);
    }

    private static void forEachPeer(BenchGrid grid, java.util.function.ObjIntConsumer<BatchStats> action) {
        for (int i = 0; i < grid.size(); i++) {
            Grid peer = grid.peer(i);
            if (peer != null) {
                action.accept(peer.batchStats(), i);
            }
        }
    }

    private void runRaw() {
        Progress.say("part A: raw Redisson RMap");
        RedisSettings redis = RedisSettings.builder(RedisServerFixture.url()).build();
        RedissonClient client = Redisson.create(RedisStoreFactory.toConfig(redis));
        try {
            RMap<byte[], byte[]> map = client.getMap("raw-bench", ByteArrayCodec.INSTANCE);
            map.delete();
            for (int from = 0; from < data.size(); from += settings.batch()) {
                Map<byte[], byte[]> chunk = new LinkedHashMap<>();
                for (int i = from; i < Math.min(data.size(), from + settings.batch()); i++) {
                    chunk.put(data.keyBytes(i), data.value(i));
                }
                map.putAll(chunk);
            }
            int batch = settings.batch();
            for (MapOp op : MapOp.values()) {
                LoadDriver.Op load = switch (op) {
                    case SET -> (t, r) -> map.fastPut(data.keyBytes(data.randomIndex(r)), data.randomValue(r));
                    case GET -> (t, r) -> map.get(data.keyBytes(data.randomIndex(r)));
                    case SET_ALL -> (t, r) -> map.putAll(data.randomRawEntries(r, batch));
                };
                for (int threads : settings.threads()) {
                    Progress.say("part A: raw RMap %s x%d", op.rawName, threads);
                    rawCells.add(new RawCell(op, threads, settings.driver().run(threads, load, () -> {}, () -> {})));
                }
            }
        } finally {
            client.shutdown();
        }
    }

    /** The report of part A. */
    String report() {
        StringBuilder out = new StringBuilder();
        out.append("## Part A: HamokRemoteMap (issue 2)\n\n");
        Table all = new Table("store", "peers", "op", "threads", "ops/s", "p50 us", "p99 us", "errors", "cmds/entry (per peer)",
                "cmds/store write");
        for (MapCell cell : cells) {
            LoadDriver.Result r = cell.result();
            all.add(cell.store(), cell.peers(), opName(cell.op()), cell.threads(), Table.opsPerSecond(r.opsPerSecond()),
                    Table.micros(r.p50Micros()), Table.micros(r.p99Micros()), errors(r), cell.commandsPerEntry(),
                    Table.decimal(cell.commandsPerStoreWrite()));
        }
        for (RawCell cell : rawCells) {
            LoadDriver.Result r = cell.result();
            all.add("redis (raw RMap)", "-", rawName(cell.op()), cell.threads(), Table.opsPerSecond(r.opsPerSecond()),
                    Table.micros(r.p50Micros()), Table.micros(r.p99Micros()), errors(r), "-", "-");
        }
        out.append(all.render()).append('\n');
        notes.forEach(note -> out.append("- ").append(note).append('\n'));
        out.append("- cmds/entry: commands per Raft entry each peer sent (group commit); cmds/store write: commands the "
                + "leader executed per store read+write (batch apply). setAll is one command of ").append(settings.batch())
                .append(" writes.\n\n");
        if (!rawCells.isEmpty()) {
            out.append("### Part A on Redis: hamok / raw Redisson RMap (ops/s ratio)\n\n");
            Table ratios = new Table("hamok op", "RMap op", "threads", "peers", "hamok ops/s", "RMap ops/s", "hamok/raw",
                    "hamok p50/p99 us", "RMap p50/p99 us", "target");
            for (MapCell cell : cells) {
                if (!"redis".equals(cell.store())) {
                    continue;
                }
                RawCell raw = rawCells.stream().filter(c -> c.op() == cell.op() && c.threads() == cell.threads())
                        .findFirst().orElse(null);
                if (raw == null) {
                    continue;
                }
                double hamok = cell.result().opsPerSecond();
                double reference = raw.result().opsPerSecond();
                double min = cell.threads() == 16 && cell.peers() == 3
                        ? (cell.op() == MapOp.SET ? 0.5 : cell.op() == MapOp.GET ? 0.9 : 0) : 0;
                ratios.add(opName(cell.op()), rawName(cell.op()), cell.threads(), cell.peers(), Table.opsPerSecond(hamok),
                        Table.opsPerSecond(reference), Table.ratio(hamok, reference), latencies(cell.result()),
                        latencies(raw.result()), Table.target(min, hamok, reference));
            }
            out.append(ratios.render()).append('\n');
        }
        return out.toString();
    }

    private String opName(MapOp op) {
        return op == MapOp.SET_ALL ? op.hamokName + "(" + settings.batch() + ")" : op.hamokName;
    }

    private String rawName(MapOp op) {
        return op == MapOp.SET_ALL ? op.rawName + "(" + settings.batch() + ")" : op.rawName;
    }

    static String latencies(LoadDriver.Result r) {
        return Table.micros(r.p50Micros()) + " / " + Table.micros(r.p99Micros());
    }

    static String errors(LoadDriver.Result r) {
        String text = Long.toString(r.errors());
        if (r.stuck()) {
            text += " (stuck)";
        }
        if (r.firstError() != null) {
            text += " " + abbreviate(r.firstError());
        }
        return text;
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ').replace('|', '/');
        return flat.length() > 80 ? flat.substring(0, 80) + "..." : flat;
    }
}
