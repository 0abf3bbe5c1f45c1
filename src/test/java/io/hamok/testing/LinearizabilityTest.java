package io.hamok.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.testing.Linearizability.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on histories whose answer is known. */
class LinearizabilityTest {
    @Test
    void check_sequentialHistory_isLinearizable() {
        assertTrue(Linearizability.check(List.of(Op.write(0, 1, "a"), Op.read(2, 3, "a"), Op.cas(4, 5, "a", "b", true),
                Op.read(6, 7, "b"), Op.cas(8, 9, "a", "c", false), Op.write(10, 11, null), Op.read(12, 13, null)), null).linearizable());
    }

    @Test
    void check_staleReadAfterAcknowledgedWrite_isNotLinearizable() {
        // the write of b returned before the read began, yet the read saw a
        assertFalse(Linearizability.check(List.of(Op.write(0, 1, "a"), Op.write(2, 3, "b"), Op.read(4, 5, "a")), null)
                .linearizable());
    }

    @Test
    void check_readOverlappingWrite_mayReturnEitherValue() {
        List<Op> old = List.of(Op.write(0, 1, "a"), Op.write(2, 10, "b"), Op.read(3, 4, "a"));
        List<Op> fresh = List.of(Op.write(0, 1, "a"), Op.write(2, 10, "b"), Op.read(3, 4, "b"));
        assertTrue(Linearizability.check(old, null).linearizable());
        assertTrue(Linearizability.check(fresh, null).linearizable());
    }

    @Test
    void check_twoReadsOrderedAgainstTheWrite_newThenOld_isNotLinearizable() {
        // a concurrent write may be seen, but once a later read saw it, an even later read may not go back
        assertFalse(Linearizability.check(List.of(Op.write(0, 1, "a"), Op.write(2, 20, "b"), Op.read(3, 4, "b"),
                Op.read(5, 6, "a")), null).linearizable());
    }

    @Test
    void check_twoSuccessfulCasFromTheSameValue_isNotLinearizable() {
        assertFalse(Linearizability.check(List.of(Op.write(0, 1, "0"), Op.cas(2, 10, "0", "1", true),
                Op.cas(3, 11, "0", "1", true)), null).linearizable());
    }

    @Test
    void check_unknownWrite_mayHaveTakenEffectOrNot() {
        assertTrue(Linearizability.check(List.of(Op.write(0, 1, "a"), Op.unknownWrite(2, "b"), Op.read(5, 6, "b"),
                Op.read(7, 8, "b")), null).linearizable());
        assertTrue(Linearizability.check(List.of(Op.write(0, 1, "a"), Op.unknownWrite(2, "b"), Op.read(5, 6, "a")), null)
                .linearizable());
        assertFalse(Linearizability.check(List.of(Op.write(0, 1, "a"), Op.unknownWrite(2, "b"), Op.read(5, 6, "b"),
                Op.read(7, 8, "a")), null).linearizable());
    }

    @Test
    void check_increments_mustFollowTheValueTheySaw() {
        assertTrue(Linearizability.check(List.of(new Op(0, 5, Linearizability.Kind.INC, null, "0", true, false),
                new Op(1, 6, Linearizability.Kind.INC, null, "1", true, false), Op.read(7, 8, "1")), null).linearizable());
        // two increments that both returned 0: one of them missed the other
        assertFalse(Linearizability.check(List.of(new Op(0, 5, Linearizability.Kind.INC, null, "0", true, false),
                new Op(1, 6, Linearizability.Kind.INC, null, "0", true, false)), null).linearizable());
        assertTrue(Linearizability.check(List.of(Op.unknown(0, Linearizability.Kind.INC, null, null), Op.read(7, 8, "0")), null)
                .linearizable());
    }

    @Test
    void check_manyConcurrentCallsOfARealRegister_areLinearizableAndFast() {
        Random random = new Random(7);
        List<Op> history = new ArrayList<>();
        String value = null;
        long time = 0;
        for (int i = 0; i < 400; i++) {
            // each call takes effect at "time"; its interval spreads around it, overlapping its neighbours
            long start = time - random.nextInt(5);
            long end = time + 1 + random.nextInt(5);
            switch (random.nextInt(3)) {
                case 0 -> history.add(Op.read(start, end, value));
                case 1 -> {
                    value = "v" + i;
                    history.add(Op.write(start, end, value));
                }
                default -> {
                    String expected = random.nextBoolean() ? value : "nope";
                    boolean ok = java.util.Objects.equals(expected, value);
                    if (ok) {
                        value = "c" + i;
                    }
                    history.add(Op.cas(start, end, expected, "c" + i, ok));
                }
            }
            time += 3;
        }
        long began = System.nanoTime();
        assertTrue(Linearizability.check(history, null).linearizable());
        assertTrue(System.nanoTime() - began < 5_000_000_000L, "the search took too long");
    }
}
