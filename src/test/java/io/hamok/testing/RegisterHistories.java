package io.hamok.testing;

import io.hamok.testing.Linearizability.Kind;
import io.hamok.testing.Linearizability.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the {@link RegisterLoad} report lines of every peer and turns them into one history per key:
 * a call that returned is known; a write that began but never returned (it threw, or its peer was killed)
 * may have taken effect or not; a read that threw is left out.
 */
public final class RegisterHistories {
    private record Begun(String key, Kind kind, long start, String expected, String value) {}

    private final Map<String, Begun> begun = new HashMap<>();
    private final Map<String, List<Op>> byKey = new TreeMap<>();
    private int calls;

    /** Takes one report line (others are ignored). */
    public synchronized void accept(String line) {
        String[] w = line.split(" ");
        switch (w[0]) {
            case "HB" -> begun.put(w[1], new Begun(w[2], kind(w[3]), Long.parseLong(w[4]), text(w[5]), text(w[6])));
            case "HE" -> {
                begun.remove(w[1]);
                calls++;
                byKey.computeIfAbsent(w[2], k -> new ArrayList<>()).add(new Op(Long.parseLong(w[4]), Long.parseLong(w[5]),
                        kind(w[3]), text(w[6]), text(w[7]), Boolean.parseBoolean(w[8]), false));
            }
            default -> { }
        }
    }

    /** Completed calls so far. */
    public synchronized int calls() {
        return calls;
    }

    /** Completed calls on keys starting with {@code prefix}. */
    public synchronized int calls(String prefix) {
        return byKey.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().size()).sum();
    }

    /** The per-key histories, with every write still open counted as of unknown outcome. */
    public synchronized Map<String, List<Op>> histories() {
        Map<String, List<Op>> all = new LinkedHashMap<>();
        byKey.forEach((key, ops) -> all.put(key, new ArrayList<>(ops)));
        begun.values().forEach(b -> all.computeIfAbsent(b.key(), k -> new ArrayList<>())
                .add(Op.unknown(b.start(), b.kind(), b.expected(), b.value())));
        return all;
    }

    /** The keys starting with {@code prefix} whose history has no linearization, with a summary of each. */
    public List<String> violations(String prefix) {
        List<String> problems = new ArrayList<>();
        histories().forEach((key, ops) -> {
            if (!key.startsWith(prefix)) {
                return;
            }
            Linearizability.Result result = Linearizability.check(ops, null);
            if (!result.linearizable()) {
                problems.add(key + ": " + ops.size() + " calls, no linearization (placed at most " + result.placedAtMost() + ")");
            }
        });
        return problems;
    }

    private static Kind kind(String code) {
        return switch (code) {
            case "R" -> Kind.READ;
            case "W" -> Kind.WRITE;
            case "C" -> Kind.CAS;
            case "I" -> Kind.INC;
            default -> throw new IllegalArgumentException("unknown call kind: " + code);
        };
    }

    private static String text(String value) {
        return "null".equals(value) ? null : value;
    }
}
