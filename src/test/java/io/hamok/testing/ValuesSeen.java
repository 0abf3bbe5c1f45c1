package io.hamok.testing;

import io.hamok.map.MapListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A map listener that records the new value of every insert and update it is told of, in order. */
public final class ValuesSeen<K, V> implements MapListener<K, V> {
    private final List<V> values = new CopyOnWriteArrayList<>();

    @Override
    public void onInsert(K key, V value) {
        values.add(value);
    }

    @Override
    public void onUpdate(K key, V oldValue, V newValue) {
        values.add(newValue);
    }

    /** The values seen so far (a live view). */
    public List<V> values() {
        return values;
    }
}
