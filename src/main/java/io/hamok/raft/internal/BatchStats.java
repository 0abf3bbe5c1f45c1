package io.hamok.raft.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counters of how well batching works on both ends of the log, for the benchmark. */
public final class BatchStats {
    private final LongAdder entriesSent = new LongAdder();
    private final LongAdder commandsSent = new LongAdder();
    private final LongAdder forwardsSent = new LongAdder();
    private final LongAdder commandsForwarded = new LongAdder();
    private final LongAdder storeWrites = new LongAdder();
    private final LongAdder commandsExecuted = new LongAdder();

    /** An entry this peer appended while leading. */
    void recordEntry(int commands) {
        entriesSent.increment();
        commandsSent.add(commands);
    }

    /** A batch this peer forwarded to the leader while following. */
    void recordForward(int commands) {
        forwardsSent.increment();
        commandsForwarded.add(commands);
    }

    void recordBatch(int commands) {
        storeWrites.increment();
        commandsExecuted.add(commands);
    }

    /** Average commands per batch this peer forwarded to the leader (0 when it forwarded none). */
    public double commandsPerForward() {
        long forwards = forwardsSent.sum();
        return forwards == 0 ? 0 : (double) commandsForwarded.sum() / forwards;
    }

    /** Average commands per Raft entry this peer appended as leader (every peer's commands; 0 when none). */
    public double commandsPerEntry() {
        long entries = entriesSent.sum();
        return entries == 0 ? 0 : (double) commandsSent.sum() / entries;
    }

    /** Average commands the leader executed per store round trip pair (read + write), per map. */
    public double commandsPerStoreWrite() {
        long writes = storeWrites.sum();
        return writes == 0 ? 0 : (double) commandsExecuted.sum() / writes;
    }

    public void reset() {
        entriesSent.reset();
        commandsSent.reset();
        forwardsSent.reset();
        commandsForwarded.reset();
        storeWrites.reset();
        commandsExecuted.reset();
    }
}
