package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.RequestId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which answers the leader keeps for copies of forwards, and for how long. */
class RecentAnswersTest {
    private static final long SECOND = 1_000_000_000L;
    private final RecentAnswers answers = new RecentAnswers(Duration.ofSeconds(10), Duration.ofSeconds(2), 2);
    private final CommandResult done = new CommandResult.Done(1, 0, false);

    @Test
    void aLateAnswer_isKeptForTheKeepTime() {
        RequestId id = new RequestId(1, 1);
        answers.add(id, done, 0, 3 * SECOND);

        assertSame(done, answers.get(id, 12 * SECOND));
        assertNull(answers.get(id, 13 * SECOND));
    }

    @Test
    void aPromptAnswer_isNotKept() {
        RequestId id = new RequestId(1, 2);
        answers.add(id, done, 0, SECOND);

        assertNull(answers.get(id, SECOND));
    }

    @Test
    void pastTheCount_theOldestGoes() {
        for (int i = 1; i <= 3; i++) {
            answers.add(new RequestId(2, i), done, 0, (2 + i) * SECOND);
        }

        assertNull(answers.get(new RequestId(2, 1), 5 * SECOND));
        assertSame(done, answers.get(new RequestId(2, 3), 5 * SECOND));
    }
}
