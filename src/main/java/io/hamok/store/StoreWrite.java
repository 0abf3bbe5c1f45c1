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
 */
public record StoreWrite(boolean clearFirst, Map<Bytes, Envelope> puts, Set<Bytes> removes, byte[] effects) {
    public StoreWrite {
        puts = Map.copyOf(Objects.requireNonNull(puts, "puts"));
        removes = Set.copyOf(Objects.requireNonNull(removes, "removes"));
    }

    /** A write without events. */
    public StoreWrite(boolean clearFirst, Map<Bytes, Envelope> puts, Set<Bytes> removes) {
        this(clearFirst, puts, removes, null);
    }

    /** This write carrying these events. */
    public StoreWrite withEffects(byte[] batchEffects) {
        return new StoreWrite(clearFirst, puts, removes, batchEffects);
    }

    public boolean isEmpty() {
        return !clearFirst && puts.isEmpty() && removes.isEmpty() && effects == null;
    }
}
