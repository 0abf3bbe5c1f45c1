package io.hamok.store;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The net change of one applied batch: optionally clear everything first, then put and remove.
 * A key is in at most one of {@code puts} and {@code removes}.
 *
 * @param effects the batch's events in the grid's own encoding, kept by the store (replacing the
 *                previous ones) in the same atomic write so that a next leader can publish them if
 *                this one dies first; {@code null} to keep the previous ones
 * @param requests the request ids this write executed, for {@link FencedRemoteMap#appliedRequests()};
 *                 {@code null} for none
 */
public record StoreWrite(boolean clearFirst, Map<Bytes, Envelope> puts, Set<Bytes> removes, byte[] effects,
                         AppliedRequests requests) {
    public StoreWrite {
        puts = Map.copyOf(Objects.requireNonNull(puts, "puts"));
        removes = Set.copyOf(Objects.requireNonNull(removes, "removes"));
    }

    /** A write without events. */
    public StoreWrite(boolean clearFirst, Map<Bytes, Envelope> puts, Set<Bytes> removes) {
        this(clearFirst, puts, removes, null, null);
    }

    /** This write carrying these events. */
    public StoreWrite withEffects(byte[] batchEffects) {
        return new StoreWrite(clearFirst, puts, removes, batchEffects, requests);
    }

    /** This write recording these executed requests. */
    public StoreWrite withRequests(AppliedRequests applied) {
        return new StoreWrite(clearFirst, puts, removes, effects, applied);
    }

    public boolean isEmpty() {
        return !clearFirst && puts.isEmpty() && removes.isEmpty() && effects == null
                && (requests == null || requests.ids().isEmpty());
    }
}
