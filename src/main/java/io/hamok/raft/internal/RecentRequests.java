package io.hamok.raft.internal;

import io.hamok.store.Bytes;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The request ids a map executed recently, on the leader: those its store recorded when this
 * leadership began, then those this leader executed, forgotten after the horizon. A command whose
 * id is here was appended twice and is not executed again.
 */
final class RecentRequests {
    private final long horizonMillis;
    private final Set<Bytes> ids = new HashSet<>();
    private final ArrayDeque<Recorded> order = new ArrayDeque<>();

    RecentRequests(Set<Bytes> stored, long horizonMillis, long nowMillis) {
        this.horizonMillis = horizonMillis;
        stored.forEach(id -> add(id, nowMillis));
    }

    synchronized boolean contains(Bytes id) {
        return ids.contains(id);
    }

    /** Records ids executed at {@code nowMillis} and forgets those older than the horizon. */
    synchronized void addAll(Set<Bytes> executed, long nowMillis) {
        executed.forEach(id -> add(id, nowMillis));
        while (!order.isEmpty() && order.peekFirst().atMillis() < nowMillis - horizonMillis) {
            ids.remove(order.pollFirst().id());
        }
    }

    private void add(Bytes id, long nowMillis) {
        if (ids.add(id)) {
            order.addLast(new Recorded(id, nowMillis));
        }
    }

    private record Recorded(Bytes id, long atMillis) {}
}
