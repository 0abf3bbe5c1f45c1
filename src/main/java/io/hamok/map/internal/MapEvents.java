package io.hamok.map.internal;

import io.hamok.map.MapListener;
import io.hamok.raft.command.Effect;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one map on this peer, and the turning of effects into their calls. */
public final class MapEvents<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(MapEvents.class);

    private final String mapId;
    private final MapCodec<K, V> codec;
    private final List<MapListener<K, V>> listeners = new CopyOnWriteArrayList<>();
    /** Per listener, the log index of its registration: it gets the events of later commands only. */
    private final java.util.Map<MapListener<K, V>, Long> registeredAt = new java.util.concurrent.ConcurrentHashMap<>();

    public MapEvents(String mapId, MapCodec<K, V> codec) {
        this.mapId = mapId;
        this.codec = codec;
    }

    /** Adds a listener; true if it is the first. */
    public boolean add(MapListener<K, V> listener) {
        listeners.add(listener);
        return listeners.size() == 1;
    }

    /**
     * Adds a listener that gets the events of commands after log index {@code registeredAt} only (a peer
     * catching up after a restart replays older ones); true if it is the first.
     */
    public boolean add(MapListener<K, V> listener, long registeredAt) {
        this.registeredAt.put(listener, registeredAt);
        return add(listener);
    }

    /** Removes a listener; true if none is left. */
    public boolean remove(MapListener<K, V> listener) {
        registeredAt.remove(listener);
        return listeners.remove(listener) && listeners.isEmpty();
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /**
     * Calls every listener for each effect, in order. Every listener is called even when one fails;
     * the first failure is returned (the caller's own write rethrows it), else {@code null}.
     */
    public RuntimeException fire(Effect[] effects) {
        return fire(Long.MAX_VALUE, effects);
    }

    /** As {@link #fire(Effect[])}, for the command at {@code logIndex}: listeners registered after it skip it. */
    public RuntimeException fire(long logIndex, Effect[] effects) {
        if (effects == null || listeners.isEmpty()) {
            return null;
        }
        RuntimeException first = null;
        for (Effect effect : effects) {
            try {
                RuntimeException failure = fire(logIndex, effect);
                first = first == null ? failure : first;
            } catch (RuntimeException e) {
                LOG.warn("map '{}': an event could not be decoded: {}", mapId, e.toString());
                first = first == null ? e : first;
            }
        }
        return first;
    }

    private RuntimeException fire(long logIndex, Effect effect) {
        RuntimeException first = null;
        K key = effect.key() == null ? null : codec.decodeKey(effect.key());
        V oldValue = codec.decodeValue(effect.oldValue());
        V newValue = codec.decodeValue(effect.newValue());
        for (MapListener<K, V> listener : listeners) {
            if (logIndex <= registeredAt.getOrDefault(listener, 0L)) {
                continue;
            }
            try {
                switch (effect.kind()) {
                    case INSERT -> listener.onInsert(key, newValue);
                    case UPDATE -> listener.onUpdate(key, oldValue, newValue);
                    case REMOVE -> listener.onRemove(key, oldValue);
                    case EXPIRE -> listener.onExpire(key, oldValue);
                    case CLEAR -> listener.onClear();
                }
            } catch (RuntimeException e) {
                LOG.debug("map '{}': listener {} failed on {}: {}", mapId, listener, effect.kind(), e.toString());
                first = first == null ? e : first;
            }
        }
        return first;
    }

    /** Tells every listener the map closed, then forgets them. */
    public void close() {
        for (MapListener<K, V> listener : listeners) {
            try {
                listener.onClose();
            } catch (RuntimeException e) {
                LOG.warn("map '{}': listener {} failed on close: {}", mapId, listener, e.toString());
            }
        }
        listeners.clear();
    }
}
