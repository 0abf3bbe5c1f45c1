package io.hamok.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Collects the cells and prints the Markdown report. */
final class Report {
    static final String HAMOK = "hamok";
    static final String HAMOK_NEAR = "hamok-near";
    static final String HAZELCAST = "hazelcast";
    static final String REDISSON = "redisson-jcache";
    static final String RMAP = "redisson-rmap";
    static final String JGROUPS = "jgroups-raft";
    static final String FLOOR = "ratis-floor";

    private final BenchSettings settings;
    private final List<Cell> cells = new ArrayList<>();
    private final Map<String, String> titles = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private final Map<String, long[]> timelines = new LinkedHashMap<>();
    private final Map<String, Integer> timelineThreads = new LinkedHashMap<>();

    Report(BenchSettings settings) {
        this.settings = settings;
    }

    void section(String grid, String title) {
        titles.put(grid, title);
        notes.computeIfAbsent(grid, g -> new ArrayList<>());
    }

    void note(String grid, String text) {
        notes.computeIfAbsent(grid, g -> new ArrayList<>()).add(text);
    }

    void add(Cell cell) {
        cells.add(cell);
    }

    void timeline(String grid, int threadsPerProcess, long[] slices) {
        timelines.put(grid, slices);
        timelineThreads.put(grid, threadsPerProcess);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(timelineSection());
        for (String grid : titles.keySet()) {
            out.append("## ").append(titles.get(grid)).append("\n\n");
            List<Cell> mine = cells.stream().filter(c -> c.grid().equals(grid)).toList();
            if (!mine.isEmpty()) {
                out.append(grid.equals(FLOOR) ? floorTable(mine) : grid.equals(HAMOK) ? hamokTable(mine) : plainTable(mine));
                out.append('\n');
            }
            for (String note : notes.getOrDefault(grid, List.of())) {
                out.append("- ").append(note).append('\n');
            }
            for (Cell cell : mine) {
                if (cell.errors() > 0 || cell.stuck()) {
                    out.append(String.format(Locale.ROOT, "- errors in %s, %d process(es) x %d: %d%s, first: %s%n", cell.label(),
                            cell.procs(), cell.threads(), cell.errors(), cell.stuck() ? " (load threads did not finish)" : "",
                            cell.firstError()));
                }
            }
            out.append('\n');
        }
        out.append(ratioSection());
        return out.toString();
    }

    private String timelineSection() {
        if (timelines.isEmpty()) {
            return "";
        }
        int slices = timelines.values().stream().mapToInt(s -> s.length).max().orElse(0);
        List<String> headers = new ArrayList<>(List.of("grid", "threads/proc x procs"));
        for (int i = 0; i < slices; i++) {
            headers.add(String.format(Locale.ROOT, "%s-%s s", plain(i * settings.slice()), plain((i + 1) * settings.slice())));
        }
        Table table = new Table(headers.toArray(String[]::new));
        for (Map.Entry<String, long[]> entry : timelines.entrySet()) {
            List<Object> row = new ArrayList<>(List.of(entry.getKey(), timelineThreads.get(entry.getKey()) + " x 3"));
            for (int i = 0; i < slices; i++) {
                row.add(i < entry.getValue().length ? Table.opsPerSecond(entry.getValue()[i] / settings.slice()) : "");
            }
            table.add(row.toArray());
        }
        return "## Warm-up: put ops/s over time\n\nEach grid's own warm-up before its cells: put from every process, the rate"
                + " in each " + plain(settings.slice()) + "-second slice (operations completed in it, all processes together)."
                + " The JIT compilers of fresh JVMs show here.\n\n" + table.render() + "\n";
    }

    private String hamokTable(List<Cell> mine) {
        Table table = new Table("op", "procs", "threads/proc", "ops/s", "p50 us", "p99 us", "errors", "cmds/entry",
                "cmds/forward (p0/p1/p2)", "cmds/store write", "entries/store write", "CPU us/op");
        for (Cell cell : mine) {
            List<String> perPeer = new ArrayList<>();
            for (int i = 0; i < cell.stats().size(); i++) {
                double value = number(cell.stats().get(i).get("cmdsPerForward"));
                perPeer.add(value <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", value));
            }
            Optional<Map<String, String>> leader = cell.stats().stream().filter(s -> "true".equals(s.get("leader"))).findFirst();
            double perEntry = leader.map(s -> number(s.get("cmdsPerEntry"))).orElse(0.0);
            double perStoreWrite = leader.map(s -> number(s.get("cmdsPerStoreWrite"))).orElse(0.0);
            double entriesPerStoreWrite = perEntry <= 0 || perStoreWrite <= 0 ? 0 : perStoreWrite / perEntry;
            boolean writes = !cell.op().equals("get");
            table.add(cell.label(), cell.procs(), threads(cell), Table.opsPerSecond(cell.opsPerSecond()), Table.micros(cell.p50Micros()),
                    Table.micros(cell.p99Micros()), cell.errors(), writes ? Table.decimal(perEntry) : "-",
                    writes ? String.join("/", perPeer) : "-",
                    writes ? Table.decimal(perStoreWrite) : "-", writes ? Table.decimal(entriesPerStoreWrite) : "-", cpu(cell));
        }
        return table.render();
    }

    private String plainTable(List<Cell> mine) {
        Table table = new Table("op", "procs", "threads/proc", "ops/s", "p50 us", "p99 us", "errors", "CPU us/op");
        for (Cell cell : mine) {
            table.add(cell.label(), cell.procs(), threads(cell), Table.opsPerSecond(cell.opsPerSecond()), Table.micros(cell.p50Micros()),
                    Table.micros(cell.p99Micros()), cell.errors(), cpu(cell));
        }
        return table.render();
    }

    private String floorTable(List<Cell> mine) {
        Table table = new Table("procs", "threads/proc", "commits/s", "entries/s", "cmds/entry", "p50 us", "p99 us", "errors",
                "CPU us/commit");
        for (Cell cell : mine) {
            double entries = cell.sum("entries");
            double commands = cell.sum("commands");
            table.add(cell.procs(), cell.threads(), Table.opsPerSecond(cell.opsPerSecond()), Table.opsPerSecond(entries / cell.seconds()),
                    entries <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", commands / entries), Table.micros(cell.p50Micros()),
                    Table.micros(cell.p99Micros()), cell.errors(), cpu(cell));
        }
        return table.render();
    }

    private String ratioSection() {
        Table table = new Table("comparison", "cell (threads/proc x procs)", "hamok", "other", "hamok/other");
        for (int procs : settings.procs()) {
            ops(table, "put: hamok vs Hazelcast", "put", HAZELCAST, "put", 64, procs);
            ops(table, "invoke: hamok vs Hazelcast", "invoke", HAZELCAST, "invoke", 64, procs);
        }
        for (int procs : settings.procs()) {
            ops(table, "put: hamok vs jgroups-raft", "put", JGROUPS, "put", 16, procs);
        }
        find(HAMOK, "put", 1, 1).ifPresent(h -> find(JGROUPS, "put", 1, 1).ifPresent(j -> table.add(
                "one caller's put p50 (us): hamok vs jgroups-raft", "1 x 1", Table.micros(h.p50Micros()), Table.micros(j.p50Micros()),
                Table.ratio(h.p50Micros(), j.p50Micros()) + " (latency)")));
        for (int procs : settings.procs()) {
            ops(table, "putAll(" + settings.batch() + "): hamok vs Redisson JCache", "putAll", REDISSON, "putAll", 16, procs);
        }
        for (int procs : settings.procs()) {
            ops(table, "get: hamok vs raw Redisson RMap.get", "get", RMAP, "rmap.get", 16, procs);
        }
        for (int threads : List.of(16, 64)) {
            for (int procs : settings.procs()) {
                ops(table, "put: hamok vs the Ratis floor (same packing)", "put", FLOOR, "put", threads, procs);
            }
        }
        return "## Ratios\n\nops/s unless marked; threads per loaded process; a row is missing when one of its cells did not run.\n\n"
                + table.render();
    }

    private void ops(Table table, String comparison, String hamokOp, String otherGrid, String otherOp, int threads, int procs) {
        Optional<Cell> hamok = find(HAMOK, hamokOp, procs, threads);
        Optional<Cell> other = find(otherGrid, otherOp, procs, threads);
        if (hamok.isPresent() && other.isPresent()) {
            table.add(comparison, threads + " x " + procs, Table.opsPerSecond(hamok.get().opsPerSecond()),
                    Table.opsPerSecond(other.get().opsPerSecond()), Table.ratio(hamok.get().opsPerSecond(), other.get().opsPerSecond()));
        }
    }

    private Optional<Cell> find(String grid, String op, int procs, int threads) {
        return cells.stream().filter(c -> c.grid().equals(grid) && c.op().equals(op) && c.procs() == procs
                && c.threads() == threads && c.inFlight() == 0).findFirst();
    }

    private static String threads(Cell cell) {
        return cell.inFlight() > 0 ? cell.threads() + " x " + cell.inFlight() + " in flight" : Integer.toString(cell.threads());
    }

    private static String cpu(Cell cell) {
        return cell.cpuMicrosPerOp() < 0 ? "-" : Table.micros(cell.cpuMicrosPerOp());
    }

    private static double number(String text) {
        try {
            return text == null ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
