package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LeaderWatchTest {
    @Test
    void leaderIs_repeatsAndElections_countOnlyNewLeaders() {
        LeaderWatch watch = new LeaderWatch("p0");
        watch.leaderIs("p1");
        watch.leaderIs("p1");
        watch.leaderIs(null);
        watch.leaderIs("p1");
        assertEquals(1, watch.changes(), "p1 again after an election without a leader is no change");
        watch.leaderIs(null);
        watch.leaderIs("p0");
        assertEquals(2, watch.changes());
    }
}
