package io.hamok.raft.internal;

import io.hamok.raft.command.Listen;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which peers listen on which maps: replicated state, changed only by applied {@link Listen}
 * commands, so every peer holds the same view at the same log position.
 */
final class ListenerRegistry {
    private final Map<String, Set<String>> listeningPeers = new ConcurrentHashMap<>();

    void apply(Listen listen) {
        if (listen.listening()) {
            listeningPeers.computeIfAbsent(listen.mapId(), id -> ConcurrentHashMap.newKeySet()).add(listen.peerId());
        } else {
            listeningPeers.computeIfPresent(listen.mapId(), (id, peers) -> {
                peers.remove(listen.peerId());
                return peers.isEmpty() ? null : peers;
            });
        }
    }

    /** The registry as {@code Listen} commands that rebuild it (for a snapshot). */
    Listen[] registrations() {
        return listeningPeers.entrySet().stream()
                .flatMap(map -> map.getValue().stream().map(peer -> new Listen(map.getKey(), peer, true)))
                .toArray(Listen[]::new);
    }

    /** Replaces the registry with the one a snapshot recorded. */
    void restore(Listen[] registrations) {
        listeningPeers.clear();
        for (Listen listen : registrations) {
            apply(listen);
        }
    }

    /** True when some peer listens on the map. */
    boolean hasListeners(String mapId) {
        Set<String> peers = listeningPeers.get(mapId);
        return peers != null && !peers.isEmpty();
    }
}
