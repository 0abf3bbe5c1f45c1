package io.hamok.map;

/**
 * Events of a {@link HamokRemoteMap}, delivered on every peer that has the map, in commit order.
 * Effects of this peer's own calls are delivered before the call's future completes.
 * Methods run on a hamok thread: keep them short.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface MapListener<K, V> {
    /** A new entry. */
    default void onInsert(K key, V value) {}

    /** An entry changed value. */
    default void onUpdate(K key, V oldValue, V newValue) {}

    /** An entry was removed by a call. */
    default void onRemove(K key, V oldValue) {}

    /** An entry expired and was removed by the leader. */
    default void onExpire(K key, V oldValue) {}

    /** The whole map was cleared (no per-key events). */
    default void onClear() {}

    /** This peer's map was closed; no event follows. */
    default void onClose() {}
}
