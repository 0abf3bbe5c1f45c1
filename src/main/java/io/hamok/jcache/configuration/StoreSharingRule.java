package io.hamok.jcache.configuration;

import io.hamok.raft.PeerAddress;
import io.hamok.raft.internal.ProtectedMode;
import java.util.List;

/**
 * The store of a grid of several peers must be one that every peer reaches. The in-memory store lives
 * in one JVM: peers in several processes over it would each read and write a private copy, and a
 * failover would switch the grid to another one. So a grid listing several peers with
 * {@code hamok.store=memory} is refused, unless the peers share a named memory store
 * ({@code hamok.memory.name}) and all run on loopback: several peers in one JVM, as tests start them.
 */
final class StoreSharingRule {
    private StoreSharingRule() {}

    /**
     * @throws IllegalArgumentException naming {@code hamok.store} and the fix
     */
    static void check(List<PeerAddress> peers, String store, String memoryName) {
        if (peers.size() < 2 || !"memory".equals(store)) {
            return;
        }
        String fix = " (expected: " + GridSettings.Keys.STORE + "=redis with " + GridSettings.Keys.REDIS_URL
                + ", a store every peer reaches, or a user-written RemoteMap through the map API"
                + " (HamokRemoteMapConfig.remoteMap)). The in-memory store lives inside one process: peers in several"
                + " processes would each read and write a private copy, and a failover would switch to another one."
                + " Several peers inside one JVM (tests) may share a memory store by name with "
                + GridSettings.Keys.MEMORY_NAME + ", on loopback addresses";
        if (memoryName == null) {
            throw new IllegalArgumentException(GridSettings.Keys.STORE + " : 'memory' with " + peers.size()
                    + " peers in " + GridSettings.Keys.PEERS + " " + peers + fix);
        }
        List<PeerAddress> remote = peers.stream().filter(peer -> !ProtectedMode.isLoopback(peer.host())).toList();
        if (!remote.isEmpty()) {
            throw new IllegalArgumentException(GridSettings.Keys.STORE + " : 'memory' (" + GridSettings.Keys.MEMORY_NAME
                    + " '" + memoryName + "') with peers " + remote + " off loopback" + fix);
        }
    }
}
