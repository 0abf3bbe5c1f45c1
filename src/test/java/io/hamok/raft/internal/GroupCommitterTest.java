package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.raft.command.Checkpoint;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.Noop;
import io.hamok.raft.command.RequestId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The committer's bookkeeping of request ids, with a route that answers when the test says so. */
class GroupCommitterTest {
    private final List<CommandBatch> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<BatchReply>> replies = new CopyOnWriteArrayList<>();
    private volatile boolean leading = true;
    private GroupCommitter committer = committer(Duration.ofMinutes(1));

    private GroupCommitter committer(Duration keepForwardAnswers) {
        RecentAnswers answers = new RecentAnswers(keepForwardAnswers, Duration.ZERO, 100);
        return new GroupCommitter("p1", (batch, leading) -> {
            sent.add(batch);
            CompletableFuture<BatchReply> reply = new CompletableFuture<>();
            replies.add(reply);
            return reply;
        }, () -> leading, Runnable::run, 4, 1 << 20, Duration.ofSeconds(30), answers, new BatchStats());
    }

    private void answer(int batch, CommandResult result) {
        replies.get(batch).complete(new BatchReply(42, new CommandResult[] {result}));
    }

    @Test
    void aForwardCopyThatTheLogAnswersRanBefore_getsTheFirstCopysAnswer() {
        RequestId id = new RequestId(7, 1);
        CompletableFuture<CommandResult> first = committer.submit(new Noop(), id, "p2");
        CompletableFuture<CommandResult> copy = committer.submit(new Noop(), id, "p2");
        assertEquals(2, sent.size(), "the copy came before the first was answered: it goes into the log too");

        CommandResult.Done done = new CommandResult.Done(42, 0, false);
        answer(0, done);
        answer(1, new CommandResult.Repeated(43));

        assertSame(done, first.join());
        assertSame(done, copy.join());
    }

    @Test
    void aLocalCommandTheLogAnswersRanBefore_hearsJustThat() {
        RequestId id = new RequestId(7, 5);
        committer.submit(new Noop(), id, "p1");
        CompletableFuture<CommandResult> again = committer.submit(new Noop(), id, "p1");
        answer(0, new CommandResult.Done(42, 0, false));
        answer(1, new CommandResult.Repeated(43));

        assertInstanceOf(CommandResult.Repeated.class, again.join());
    }

    @Test
    void aForwardThatComesAgainAfterItsAnswer_getsTheAnswer_withoutGoingOutAgain() {
        RequestId id = new RequestId(7, 2);
        committer.submit(new Noop(), id, "p2");
        CommandResult.Done done = new CommandResult.Done(42, 0, false);
        answer(0, done);

        CompletableFuture<CommandResult> late = committer.submit(new Noop(), id, "p2");

        assertEquals(1, sent.size());
        assertSame(done, late.join());
    }

    @Test
    void aForwardThatComesAgainAfterTheAnswersAreForgotten_goesOutAgain_forTheLogToTellItRanBefore() {
        committer = committer(Duration.ZERO);
        RequestId id = new RequestId(7, 3);
        committer.submit(new Noop(), id, "p2");
        answer(0, new CommandResult.Done(42, 0, false));

        committer.submit(new Noop(), id, "p2");

        assertEquals(2, sent.size());
        assertEquals(id, sent.get(1).requestIds()[0]);
    }

    @Test
    void aLocalCommandAgainAfterItsAnswer_goesOutAgain() {
        RequestId id = new RequestId(7, 4);
        committer.submit(new Noop(), id, "p1");
        answer(0, new CommandResult.Done(42, 0, false));

        committer.submit(new Noop(), id, "p1");

        assertEquals(2, sent.size());
    }

    @Test
    void aCheckpointQueuedWhileLeading_isNotForwarded_theCommandsBesideItAre() {
        leading = false;
        CompletableFuture<CommandResult> checkpoint = committer.submit(new Checkpoint(10));
        CompletableFuture<CommandResult> noop = committer.submit(new Noop());

        assertTrue(checkpoint.isDone(), "the checkpoint is answered here");
        CommandResult.Failed refused = assertInstanceOf(CommandResult.Failed.class, checkpoint.join());
        assertTrue(refused.known() && refused.message().contains("no longer leads"), refused.message());
        assertEquals(1, sent.size());
        assertEquals(List.of(new Noop()), List.of(sent.get(0).commands()));
        assertFalse(noop.isDone(), "the noop went to the leader");
    }
}
