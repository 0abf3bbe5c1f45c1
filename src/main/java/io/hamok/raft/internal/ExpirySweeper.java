package io.hamok.raft.internal;

import io.hamok.write.Condition;
import io.hamok.write.WriteKind;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.FencedRemoteMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While this peer leads, walks the built-in stores a page at a time and asks the grid to remove the
 * entries whose deadline passed (version-conditioned EXPIRE commands, so EXPIRED events fire), so that
 * expired entries nobody reads again do not stay in the store. Each tick resumes where the last one
 * stopped and looks at most {@code entriesPerTick} entries per map. After each map it runs
 * {@code afterSweep} (the leader publishes events a dead predecessor kept in the store but did not).
 */
final class ExpirySweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int WRITES_PER_COMMAND = 256;

    private final Supplier<Map<String, FencedRemoteMap>> stores;
    private final Function<Command, CompletableFuture<CommandResult>> submit;
    private final BooleanSupplier isLeader;
    private final LongSupplier clock;
    private final int entriesPerTick;
    private final java.util.function.Consumer<FencedRemoteMap> afterSweep;
    private final Map<String, Iterator<Map.Entry<Bytes, Envelope>>> cursors = new HashMap<>();

    ExpirySweeper(Supplier<Map<String, FencedRemoteMap>> stores, Function<Command, CompletableFuture<CommandResult>> submit,
                  BooleanSupplier isLeader, LongSupplier clock, int entriesPerTick,
                  java.util.function.Consumer<FencedRemoteMap> afterSweep) {
        this.afterSweep = afterSweep;
        this.stores = stores;
        this.submit = submit;
        this.isLeader = isLeader;
        this.clock = clock;
        this.entriesPerTick = entriesPerTick;
    }

    @Override
    public void run() {
        if (!isLeader.getAsBoolean()) {
            cursors.clear();
            return;
        }
        for (Map.Entry<String, FencedRemoteMap> store : Map.copyOf(stores.get()).entrySet()) {
            try {
                sweep(store.getKey(), store.getValue());
                afterSweep.accept(store.getValue());
            } catch (RuntimeException e) {
                cursors.remove(store.getKey());
                LOG.debug("expiry sweep of map '{}' stopped: {}", store.getKey(), e.toString());
            }
        }
    }

    private void sweep(String mapId, FencedRemoteMap store) {
        Iterator<Map.Entry<Bytes, Envelope>> cursor = cursors.computeIfAbsent(mapId, id -> store.iterator());
        long now = clock.getAsLong();
        List<RawWrite> expired = new ArrayList<>();
        for (int seen = 0; seen < entriesPerTick && cursor.hasNext(); seen++) {
            Map.Entry<Bytes, Envelope> entry = cursor.next();
            if (entry.getValue().isExpired(now)) {
                expired.add(new RawWrite(entry.getKey().array(), WriteKind.EXPIRE, null, Condition.IF_VERSION,
                        entry.getValue().version(), 0, 0));
            }
        }
        if (!cursor.hasNext()) {
            cursors.remove(mapId);
        }
        for (int from = 0; from < expired.size(); from += WRITES_PER_COMMAND) {
            List<RawWrite> part = expired.subList(from, Math.min(expired.size(), from + WRITES_PER_COMMAND));
            submit.apply(new MapWrite(mapId, part.toArray(RawWrite[]::new), false, false));
        }
    }
}
