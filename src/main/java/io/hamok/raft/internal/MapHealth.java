package io.hamok.raft.internal;

import io.hamok.exceptions.StoreException;
import io.hamok.exceptions.StoreRefusedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which maps the leader has isolated because their store refused their writes again and again. A store
 * that cannot be reached is retried while this peer leads (every map waits for it alike); a store that
 * answers but refuses one map's write (its data was damaged by hand, say) is tried {@value #ATTEMPTS}
 * times, then that map's commands fail with the store's error and the map is isolated: each later batch
 * tries it once, so it costs the other maps nothing, and the first write the store accepts brings the
 * map back.
 */
final class MapHealth {
    private static final Logger LOG = LoggerFactory.getLogger(MapHealth.class);
    /** Attempts of a batch on a map whose store refuses it, about 200 ms apart, before its commands fail. */
    static final int ATTEMPTS = 5;

    private final String localPeerId;
    private final Map<String, String> isolated = new ConcurrentHashMap<>();

    MapHealth(String localPeerId) {
        this.localPeerId = localPeerId;
    }

    /** Whether {@code error} is the store refusing this map's write, not the store being unreachable. */
    static boolean isRefusal(Throwable error) {
        return error instanceof StoreRefusedException || !(error instanceof StoreException);
    }

    /** How many times a batch is tried on the map before its commands fail. */
    int attempts(String mapId) {
        return isolated.containsKey(mapId) ? 1 : ATTEMPTS;
    }

    /** The store refused the map's batch on its last attempt: isolates the map; the answer says why. */
    String gaveUp(String mapId, int attempts, Throwable error) {
        if (isolated.put(mapId, String.valueOf(error)) == null) {
            LOG.error("{}: the store refused the writes of map '{}' {} times; failing its commands and isolating it"
                    + " until the store accepts a write: {}", localPeerId, mapId, attempts, error.toString());
        }
        return "the store refused this map's write " + attempts + (attempts == 1 ? " time" : " times")
                + " and the map is isolated until its store accepts writes again; not executed: " + error.getMessage();
    }

    /** The store took a batch of the map. */
    void succeeded(String mapId) {
        if (isolated.remove(mapId) != null) {
            LOG.warn("{}: the store accepts the writes of map '{}' again", localPeerId, mapId);
        }
    }
}
