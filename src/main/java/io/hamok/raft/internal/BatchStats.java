package io.hamok.raft.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counters of how well batching works on both ends of the log, for the benchmark. */
public final class BatchStats {
    private final LongAdder entriesSent = new LongAdder();
    private final LongAdder commandsSent = new LongAdder();
    private final LongAdder storeWrites = new LongAdder();
    private final LongAdder commandsExecuted = new LongAdder();

    void recordSent(int commands) {
        entriesSent.increment();
        commandsSent.add(commands);
    }

    void recordBatch(int commands) {
        storeWrites.increment();
        commandsExecuted.add(commands);
    }

    /** Average commands per Raft entry this peer sent. */
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
        storeWrites.reset();
        commandsExecuted.reset();
    }
}
