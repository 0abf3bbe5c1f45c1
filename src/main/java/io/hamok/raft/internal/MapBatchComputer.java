package io.hamok.raft.internal;

import io.hamok.write.Condition;
import io.hamok.write.Ttl;
import io.hamok.write.WriteKind;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.Effect;
import io.hamok.raft.command.EffectKind;
import io.hamok.raft.command.KeyOutcome;
import io.hamok.raft.command.MapClear;
import io.hamok.raft.command.MapWrite;
import io.hamok.raft.command.RawWrite;
import io.hamok.store.Bytes;
import io.hamok.store.Envelope;
import io.hamok.store.StoreWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Executes the commands of one map in log order against what the store held before the batch,
 * in memory: later commands see earlier ones. Pure logic; the result is one {@link StoreWrite} and
 * one {@link CommandResult} per command.
 */
final class MapBatchComputer {
    private final Map<Bytes, Envelope> stored;
    private final Set<Bytes> corruptKeys;
    private final long nowMillis;
    private final Map<Bytes, Envelope> changed = new HashMap<>();
    private final Set<Bytes> removed = new HashSet<>();
    private boolean cleared;

    /**
     * @param stored      the store's entries for every key the batch touches (absent keys missing)
     * @param corruptKeys keys whose stored bytes could not be read: commands touching them fail
     * @param nowMillis   the leader's clock, for deadlines
     */
    MapBatchComputer(Map<Bytes, Envelope> stored, Set<Bytes> corruptKeys, long nowMillis) {
        this.stored = stored;
        this.corruptKeys = corruptKeys;
        this.nowMillis = nowMillis;
    }

    /** A command's result and, when collected, its effects. */
    record Computed(CommandResult result, Effect[] effects) {}

    /** Executes one command whose log index is also the version it stamps; see the other overload. */
    Computed execute(long index, Command command, boolean collectEffects) {
        return execute(index, index, command, collectEffects);
    }

    /**
     * Executes one command of the entry at log index {@code index}, stamping written entries with
     * {@code version} (the entry's store index, unique across log incarnations); effects are
     * collected when asked for.
     */
    Computed execute(long index, long version, Command command, boolean collectEffects) {
        if (command instanceof MapClear) {
            cleared = true;
            changed.clear();
            removed.clear();
            return new Computed(new CommandResult.Done(index, 0, false),
                    collectEffects ? new Effect[] {new Effect(EffectKind.CLEAR, null, null, null)} : null);
        }
        MapWrite write = (MapWrite) command;
        for (RawWrite raw : write.writes()) {
            if (corruptKeys.contains(Bytes.wrap(raw.key()))) {
                return new Computed(new CommandResult.Failed(index, true, true, "the store holds corrupt bytes for key "
                        + Bytes.wrap(raw.key()) + " of map '" + write.mapId() + "'; nothing was changed by this call"), null);
            }
        }
        KeyOutcome[] outcomes = new KeyOutcome[write.writes().length];
        List<Effect> effects = collectEffects ? new ArrayList<>() : null;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = apply(version, write.writes()[i], write.returnOld(), effects);
        }
        return new Computed(new CommandResult.Written(index, outcomes, false),
                effects == null ? null : effects.toArray(Effect[]::new));
    }

    /**
     * Whether executing {@code raw} of {@code write} needs the key's stored entry. Not for a blind,
     * unconditional put whose TTL is the same whether the key exists or not, when nobody wants its
     * effects: its result and its stored entry are the same either way.
     */
    static boolean needsStoredEntry(MapWrite write, RawWrite raw, boolean collectEffects) {
        boolean blindPut = write.blind() && !write.returnOld() && !collectEffects
                && raw.kind() == WriteKind.PUT && raw.condition() == Condition.ALWAYS
                && raw.ttlOnCreate() == raw.ttlOnUpdate() && raw.ttlOnCreate() != Ttl.UNCHANGED && raw.ttlOnCreate() != 0;
        return !blindPut;
    }

    /** The net change of every command executed so far. */
    StoreWrite storeWrite() {
        return new StoreWrite(cleared, changed, cleared ? Set.of() : removed);
    }

    private KeyOutcome apply(long version, RawWrite raw, boolean returnOld, List<Effect> effects) {
        Bytes key = Bytes.wrap(raw.key());
        Envelope current = current(key);
        boolean live = current != null && !current.isExpired(nowMillis);
        byte[] old = returnOld && live ? current.value() : null;
        if (raw.kind() == WriteKind.EXPIRE) {
            boolean applies = current != null && !live && versionMatches(raw, current);
            if (applies) {
                remove(key);
                addEffect(effects, EffectKind.EXPIRE, raw.key(), current.value(), null);
            }
            return new KeyOutcome(applies, false, null, applies ? 0 : current == null ? 0 : current.version());
        }
        if (!conditionHolds(raw, current, live)) {
            return new KeyOutcome(false, live, old, live ? current.version() : 0);
        }
        switch (raw.kind()) {
            case PUT -> {
                long ttl = live ? raw.ttlOnUpdate() : raw.ttlOnCreate();
                if (ttl == 0) {
                    if (live) {
                        remove(key);
                        addEffect(effects, EffectKind.EXPIRE, raw.key(), current.value(), null);
                    }
                    return new KeyOutcome(true, live, old, 0);
                }
                long deadline = deadline(ttl, live ? current.expiresAt() : Envelope.ETERNAL);
                put(key, new Envelope(raw.value(), version, deadline));
                if (live) {
                    addEffect(effects, EffectKind.UPDATE, raw.key(), current.value(), raw.value());
                } else {
                    addEffect(effects, EffectKind.INSERT, raw.key(), null, raw.value());
                }
                return new KeyOutcome(true, live, old, version);
            }
            case DELETE -> {
                if (!live) {
                    return new KeyOutcome(false, false, null, 0);
                }
                remove(key);
                addEffect(effects, EffectKind.REMOVE, raw.key(), current.value(), null);
                return new KeyOutcome(true, true, old, 0);
            }
            case TOUCH -> {
                if (!live || raw.ttlOnUpdate() == Ttl.UNCHANGED) {
                    return new KeyOutcome(live, live, old, live ? current.version() : 0);
                }
                if (raw.ttlOnUpdate() == 0) {
                    remove(key);
                    addEffect(effects, EffectKind.EXPIRE, raw.key(), current.value(), null);
                    return new KeyOutcome(true, true, old, 0);
                }
                put(key, new Envelope(current.value(), current.version(), deadline(raw.ttlOnUpdate(), current.expiresAt())));
                return new KeyOutcome(true, true, old, current.version());
            }
            default -> throw new IllegalStateException("unknown write kind " + raw.kind());
        }
    }

    private boolean conditionHolds(RawWrite raw, Envelope current, boolean live) {
        return switch (raw.condition()) {
            case ALWAYS -> true;
            case IF_ABSENT -> !live;
            case IF_PRESENT -> live;
            case IF_VERSION -> live && current.version() == raw.expectedVersion();
        };
    }

    private static boolean versionMatches(RawWrite raw, Envelope current) {
        return raw.condition() != Condition.IF_VERSION || current.version() == raw.expectedVersion();
    }

    private long deadline(long ttl, long currentDeadline) {
        if (ttl == Ttl.ETERNAL) {
            return Envelope.ETERNAL;
        }
        if (ttl == Ttl.UNCHANGED) {
            return currentDeadline;
        }
        long deadline = nowMillis + ttl;
        return deadline < nowMillis ? Envelope.ETERNAL : deadline;
    }

    private Envelope current(Bytes key) {
        Envelope value = changed.get(key);
        if (value != null || cleared || removed.contains(key)) {
            return value;
        }
        return stored.get(key);
    }

    private void put(Bytes key, Envelope envelope) {
        changed.put(key, envelope);
        removed.remove(key);
    }

    private void remove(Bytes key) {
        changed.remove(key);
        if (!cleared) {
            removed.add(key);
        }
    }

    private static void addEffect(List<Effect> effects, EffectKind kind, byte[] key, byte[] oldValue, byte[] newValue) {
        if (effects != null) {
            effects.add(new Effect(kind, key, oldValue, newValue));
        }
    }
}
