package io.hamok.store;

import java.util.Objects;
import java.util.Set;

/**
 * The request ids a fenced write executed, which the store remembers until {@code forgetBeforeMillis}
 * of a later write passes their time: a command appended to the log twice (a retry after its first
 * copy was executed) is then recognised and not executed again.
 *
 * @param ids                the executed requests' ids
 * @param atMillis           the leader's clock when they were executed
 * @param forgetBeforeMillis ids recorded before this time may be forgotten
 */
public record AppliedRequests(Set<Bytes> ids, long atMillis, long forgetBeforeMillis) {
    public AppliedRequests {
        ids = Set.copyOf(Objects.requireNonNull(ids, "ids"));
    }
}
