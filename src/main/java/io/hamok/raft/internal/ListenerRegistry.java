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

    boolean isListening(String mapId, String peerId) {
        Set<String> peers = listeningPeers.get(mapId);
        return peers != null && peers.contains(peerId);
    }

    /** True when a peer other than {@code peerId} listens on the map. */
    boolean hasOtherListeners(String mapId, String peerId) {
        Set<String> peers = listeningPeers.get(mapId);
        return peers != null && (peers.size() > 1 || peers.size() == 1 && !peers.contains(peerId));
    }
}
