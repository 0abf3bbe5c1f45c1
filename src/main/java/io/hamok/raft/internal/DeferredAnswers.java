package io.hamok.raft.internal;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Answers that say "not executed" wait until a checkpoint covers their entry: before that, a next
 * leader would execute the entry again from the log, and a command reported as failed must never take
 * effect later. If no checkpoint comes in time (this peer lost the lead), the answer becomes "outcome
 * unknown".
 */
final class DeferredAnswers {
    private static final long MAX_WAIT_MILLIS = 10_000;

    private final ScheduledExecutorService scheduler;
    private final ConcurrentSkipListMap<Long, AppliedEntry> waiting = new ConcurrentSkipListMap<>();
    private final java.util.Map<Long, BatchReply> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long checkpoint;

    DeferredAnswers(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Answers {@code entry} with {@code answer} once a checkpoint covers it. */
    void answerAfterCheckpoint(AppliedEntry entry, BatchReply answer) {
        answers.put(entry.index(), answer);
        waiting.put(entry.index(), entry);
        release(checkpoint);
        scheduler.schedule(() -> {
            if (waiting.remove(entry.index()) != null) {
                answers.remove(entry.index());
                entry.answerUnknown("its map's store refused it, but no checkpoint confirmed that it will never be executed;"
                        + " a next leader may still execute it");
            }
        }, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether an answer waits for a checkpoint through {@code index}. */
    boolean waitingThrough(long index) {
        return !waiting.headMap(index, true).isEmpty();
    }

    /** A checkpoint was applied: every command entry through {@code executedThrough} stays as executed. */
    void checkpointApplied(long executedThrough) {
        if (executedThrough > checkpoint) {
            checkpoint = executedThrough;
        }
        release(executedThrough);
    }

    private void release(long through) {
        var ready = waiting.headMap(through, true);
        for (Long index : java.util.List.copyOf(ready.keySet())) {
            AppliedEntry entry = waiting.remove(index);
            BatchReply answer = answers.remove(index);
            if (entry != null && answer != null) {
                entry.reply().complete(answer);
            }
        }
    }
}
