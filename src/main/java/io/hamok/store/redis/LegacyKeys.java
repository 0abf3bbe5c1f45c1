package io.hamok.store.redis;

import io.hamok.exceptions.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a map's data from the key layout of earlier versions ({@code hamok:{<mapId>}:...}, no group)
 * to its grid's keys, once: the first peer of a grid that uses the map renames the old keys, in one
 * script, if the map has no keys of the new layout yet. Every peer waits for this before its first
 * operation on the map. When both layouts exist the old keys are left alone, with a warning.
 */
final class LegacyKeys {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyKeys.class);
    private static final long MOVED = 1;
    private static final long BOTH = 2;

    private final RScript script;
    private final String mapId;
    private final RedisKeys current;
    private final RedisKeys legacy;
    private volatile CompletableFuture<Void> moved;

    LegacyKeys(RScript script, String mapId, RedisKeys current) {
        this.script = script;
        this.mapId = mapId;
        this.current = current;
        this.legacy = RedisKeys.legacy(mapId);
    }

    /** Completes once the map's old keys, if any, were moved; a failed attempt is tried again on the next call. */
    CompletableFuture<Void> moved() {
        CompletableFuture<Void> done = moved;
        if (done != null && !done.isCompletedExceptionally()) {
            return done;
        }
        synchronized (this) {
            if (moved == null || moved.isCompletedExceptionally()) {
                moved = move();
            }
            return moved;
        }
    }

    /** Whether the move is known done, so that an operation can run at once. */
    boolean isMoved() {
        CompletableFuture<Void> done = moved;
        return done != null && done.isDone() && !done.isCompletedExceptionally();
    }

    private CompletableFuture<Void> move() {
        List<Object> keys = new ArrayList<>(current.all());
        keys.addAll(legacy.all());
        CompletableFuture<Long> result = LuaScript.MOVE_LEGACY_KEYS.eval(script, current.data(), RScript.ReturnType.INTEGER, keys);
        return result.handle((outcome, failure) -> {
            if (failure != null) {
                throw new StoreException("map '" + mapId + "': cannot check for keys of the old layout "
                        + legacy.data() + ": " + LuaScript.unwrap(failure), LuaScript.unwrap(failure));
            }
            if (outcome == MOVED) {
                LOG.info("map '{}': moved its Redis keys from the old layout {} to {}", mapId, legacy.all(), current.all());
            } else if (outcome == BOTH) {
                LOG.warn("map '{}': Redis holds keys of the old layout {} next to the current ones {}; the old ones are "
                        + "ignored (delete them once nothing needs them)", mapId, legacy.all(), current.all());
            }
            return null;
        });
    }
}
