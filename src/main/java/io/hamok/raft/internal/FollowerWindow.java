package io.hamok.raft.internal;

import io.hamok.raft.command.CommandResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries this peer applied as a follower, whose replies stay open for a while: if this peer
 * becomes leader it executes the ones the old leader had not, and their real results answer the
 * clients' retries. Entries that age out are answered "committed, result not known here".
 */
final class FollowerWindow {
    private final ArrayDeque<AppliedEntry> entries = new ArrayDeque<>();
    private final long maxAgeNanos;
    private final int maxEntries;

    FollowerWindow(Duration maxAge, int maxEntries) {
        this.maxAgeNanos = maxAge.toNanos();
        this.maxEntries = maxEntries;
    }

    private boolean closed;

    synchronized void add(AppliedEntry entry) {
        if (closed) {
            answerUnknown(entry);
            return;
        }
        entries.addLast(entry);
        while (entries.size() > maxEntries) {
            answerUnknown(entries.removeFirst());
        }
    }

    /** Removes and returns every entry, oldest first. */
    synchronized List<AppliedEntry> drain() {
        List<AppliedEntry> drained = new ArrayList<>(entries);
        entries.clear();
        return drained;
    }

    /** Answers entries older than the window. */
    void expire() {
        long now = System.nanoTime();
        List<AppliedEntry> old = new ArrayList<>();
        synchronized (this) {
            while (!entries.isEmpty() && now - entries.peekFirst().appliedAtNanos() > maxAgeNanos) {
                old.add(entries.removeFirst());
            }
        }
        old.forEach(FollowerWindow::answerUnknown);
    }

    /** Answers every entry, now and from now on (on close: Ratis waits for every open reply). */
    void close() {
        synchronized (this) {
            closed = true;
        }
        drain().forEach(FollowerWindow::answerUnknown);
    }

    static void answerUnknown(AppliedEntry entry) {
        entry.reply().complete(unknownReply(entry.index(), entry.batch().commands().length,
                "executed by another leader; its result is not known on this peer"));
    }

    static BatchReply unknownReply(long index, int commands, String why) {
        CommandResult[] results = new CommandResult[commands];
        for (int i = 0; i < commands; i++) {
            results[i] = new CommandResult.Failed(index, true, false, why);
        }
        return new BatchReply(index, results);
    }
}
