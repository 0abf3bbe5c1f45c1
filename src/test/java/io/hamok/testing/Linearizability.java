package io.hamok.testing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks that a history of calls on one register (one key) is linearizable: the Wing-Gong search with
 * memoisation (Lowe's refinement). A call may take effect next only if it began before every pending
 * call ended; states already explored (which calls took effect, and the register's value) are not
 * explored again. Calls whose outcome is unknown (they timed out) may take effect at any time after they
 * began, or never.
 */
public final class Linearizability {
    /** What a call did. */
    public enum Kind { READ, WRITE, CAS, INC }

    /**
     * One call on the register.
     *
     * @param start    when it was invoked (nanoTime)
     * @param end      when it returned (nanoTime); ignored when {@code unknown}
     * @param kind     READ (returned {@code value}), WRITE ({@code value}; {@code null} removes),
     *                 CAS (from {@code expected} to {@code value}; {@code ok} says whether it applied),
     *                 INC (a number plus one, or 0 when absent; {@code value} is the new value)
     * @param unknown  the caller never learned the outcome: it may have taken effect, or not
     */
    public record Op(long start, long end, Kind kind, String expected, String value, boolean ok, boolean unknown) {
        public static Op read(long start, long end, String value) {
            return new Op(start, end, Kind.READ, null, value, true, false);
        }

        public static Op write(long start, long end, String value) {
            return new Op(start, end, Kind.WRITE, null, value, true, false);
        }

        public static Op cas(long start, long end, String expected, String value, boolean ok) {
            return new Op(start, end, Kind.CAS, expected, value, ok, false);
        }

        public static Op unknownWrite(long start, String value) {
            return new Op(start, Long.MAX_VALUE, Kind.WRITE, null, value, true, true);
        }

        public static Op unknown(long start, Kind kind, String expected, String value) {
            return new Op(start, Long.MAX_VALUE, kind, expected, value, true, true);
        }

        long effectiveEnd() {
            return unknown ? Long.MAX_VALUE : end;
        }
    }

    /** The outcome: linearizable, or not with the longest prefix the search could place. */
    public record Result(boolean linearizable, int placedAtMost, long statesExplored) {}

    private Linearizability() {}

    /** Searches for a linearization of {@code history} starting from {@code initial} ({@code null}: absent). */
    public static Result check(List<Op> history, String initial) {
        List<Op> ops = new ArrayList<>(history);
        ops.sort((a, b) -> Long.compare(a.start(), b.start()));
        Search search = new Search(ops);
        boolean ok = search.run(new BitSet(ops.size()), initial, 0);
        return new Result(ok, search.best, search.explored);
    }

    private static final class Search {
        private final List<Op> ops;
        private final int mandatory;
        private final Set<State> seen = new HashSet<>();
        private int best;
        private long explored;

        Search(List<Op> ops) {
            this.ops = ops;
            this.mandatory = (int) ops.stream().filter(op -> !op.unknown()).count();
        }

        private record State(BitSet done, String value) {}

        boolean run(BitSet done, String value, int placedMandatory) {
            if (placedMandatory == mandatory) {
                return true;
            }
            if (!seen.add(new State((BitSet) done.clone(), value))) {
                return false;
            }
            explored++;
            best = Math.max(best, placedMandatory);
            long minEnd = Long.MAX_VALUE;
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                minEnd = Math.min(minEnd, ops.get(i).effectiveEnd());
            }
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                Op op = ops.get(i);
                if (op.start() > minEnd) {
                    break; // sorted by start: no later call may come first
                }
                String next = apply(op, value);
                if (next == INCONSISTENT) {
                    continue;
                }
                done.set(i);
                boolean found = run(done, next, placedMandatory + (op.unknown() ? 0 : 1));
                done.clear(i);
                if (found) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final String INCONSISTENT = new String("inconsistent");

    /** The register's value after {@code op}, or {@link #INCONSISTENT} if {@code op} could not return what it did. */
    private static String apply(Op op, String value) {
        return switch (op.kind()) {
            case READ -> Objects.equals(op.value(), value) ? value : INCONSISTENT;
            case WRITE -> op.value();
            case CAS -> {
                boolean matches = Objects.equals(op.expected(), value);
                if (op.unknown()) {
                    yield matches ? op.value() : value;
                }
                yield matches == op.ok() ? (matches ? op.value() : value) : INCONSISTENT;
            }
            case INC -> {
                String next = value == null ? "0" : Long.toString(Long.parseLong(value) + 1);
                yield op.unknown() || next.equals(op.value()) ? next : INCONSISTENT;
            }
        };
    }
}
