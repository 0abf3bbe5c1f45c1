package io.hamok.raft.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/** Counts the commands a peer submits and the time until each is answered. */
public final class RequestTimer {
    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    /** Times the future from now until it completes; returns it. */
    public <T> CompletableFuture<T> time(CompletableFuture<T> answer) {
        long start = System.nanoTime();
        answer.whenComplete((result, error) -> {
            nanos.add(System.nanoTime() - start);
            count.increment();
        });
        return answer;
    }

    public long count() {
        return count.sum();
    }

    public long totalNanos() {
        return nanos.sum();
    }
}
