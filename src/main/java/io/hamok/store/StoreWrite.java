package io.hamok.store;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The net change of one applied batch: optionally clear everything first, then put and remove.
 * A key is in at most one of {@code puts} and {@code removes}.
 */
public record StoreWrite(boolean clearFirst, Map<Bytes, Envelope> puts, Set<Bytes> removes) {
    public StoreWrite {
        puts = Map.copyOf(Objects.requireNonNull(puts, "puts"));
        removes = Set.copyOf(Objects.requireNonNull(removes, "removes"));
    }

    public boolean isEmpty() {
        return !clearFirst && puts.isEmpty() && removes.isEmpty();
    }
}
