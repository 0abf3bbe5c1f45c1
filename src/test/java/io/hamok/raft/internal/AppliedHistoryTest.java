package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AppliedHistoryTest {
    private static final long MS = 1_000_000L;

    @Test
    void settledAt_answersTheLastIndexAppliedAtLeastTheSettleTimeAgo() {
        AppliedHistory history = new AppliedHistory(Duration.ofSeconds(1));
        history.record(1, 10, 0);
        history.record(1, 20, 500 * MS);
        history.record(2, 30, 900 * MS);

        assertNull(history.settledAt(999 * MS), "nothing was applied a second before");
        assertEquals(10, history.settledAt(1_000 * MS).getIndex());
        assertEquals(20, history.settledAt(1_899 * MS).getIndex());
        assertEquals(2, history.settledAt(1_900 * MS).getTerm());
        assertEquals(30, history.settledAt(60_000 * MS).getIndex(), "stays at the last sample when nothing new came");
    }

    @Test
    void record_keepsOneSampleEvery50ms_soTheSettledIndexMayLagBelowThat() {
        AppliedHistory history = new AppliedHistory(Duration.ofMillis(100));
        history.record(1, 1, 0);
        history.record(1, 2, 10 * MS);
        history.record(1, 3, 60 * MS);

        assertEquals(1, history.settledAt(159 * MS).getIndex(), "index 2 came within 50 ms of the sample before");
        assertEquals(3, history.settledAt(160 * MS).getIndex());
    }

    @Test
    void clear_forgetsEverything() {
        AppliedHistory history = new AppliedHistory(Duration.ofMillis(1));
        history.record(1, 5, 0);
        assertEquals(5, history.settledAt(10 * MS).getIndex());
        history.clear();
        assertNull(history.settledAt(20 * MS));
    }
}
