package io.hamok.jcache.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hamok.exceptions.OutcomeUnknownException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A call that outlives the request timeout says so, naming the setting, the same way waited on or not. */
class AwaitTest {
    private static final Duration TIMEOUT = Duration.ofMillis(20);

    @Test
    void await_pastTheTimeout_outcomeUnknownNamingRequestTimeout() {
        OutcomeUnknownException unknown = assertThrows(OutcomeUnknownException.class,
                () -> Await.await(new CompletableFuture<>(), TIMEOUT, () -> "put on cache 'c'"));

        assertTrue(unknown.getMessage().startsWith("put on cache 'c' did not complete within requestTimeout (20 ms)"),
                unknown.getMessage());
        assertFalse(unknown.committed());
    }

    @Test
    void within_pastTheTimeout_failsWithTheSameOutcome() {
        CompletableFuture<Object> bounded = Await.within(new CompletableFuture<>(), TIMEOUT, () -> "get on cache 'c'");

        CompletionException failed = assertThrows(CompletionException.class, bounded::join);
        OutcomeUnknownException unknown = assertInstanceOf(OutcomeUnknownException.class, failed.getCause());
        assertTrue(unknown.getMessage().startsWith("get on cache 'c' did not complete within requestTimeout (20 ms)"),
                unknown.getMessage());
    }
}
