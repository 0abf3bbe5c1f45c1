package io.hamok.bench.node;

import io.hamok.bench.Dataset;
import io.hamok.bench.LoadDriver;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * The same JCache calls for every provider: {@code Cache<String, byte[]>} for put, get, putAll and
 * the 90/10 mix, {@code Cache<String, Long>} for invoke (an increment).
 */
final class JCacheWorkload {
    /** Increments a Long; serializable because some providers (Hazelcast) ship it to the entry's owner. */
    static final class Increment implements EntryProcessor<String, Long, Long>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Long process(MutableEntry<String, Long> entry, Object... arguments) {
            long next = entry.exists() ? entry.getValue() + 1 : 1;
            entry.setValue(next);
            return next;
        }
    }

    private final Cache<String, byte[]> values;
    private final Cache<String, Long> counters;
    private final Dataset data;
    private final int batch;
    private final Increment increment = new Increment();

    JCacheWorkload(Cache<String, byte[]> values, Cache<String, Long> counters, Dataset data, int batch) {
        this.values = values;
        this.counters = counters;
        this.data = data;
        this.batch = batch;
    }

    LoadDriver.Op op(String name) {
        return switch (name) {
            case "put" -> r -> values.put(data.randomKey(r), data.randomValue(r));
            case "get" -> r -> values.get(data.randomKey(r));
            case "putAll" -> r -> values.putAll(data.randomEntries(r, batch));
            case "mix" -> r -> {
                if (r.nextInt(10) == 0) {
                    values.put(data.randomKey(r), data.randomValue(r));
                } else {
                    values.get(data.randomKey(r));
                }
            };
            case "invoke" -> r -> counters.invoke(data.randomKey(r), increment);
            default -> null;
        };
    }

    void preload() {
        for (int from = 0; from < data.size(); from += batch) {
            Map<String, byte[]> chunk = new LinkedHashMap<>();
            Map<String, Long> zeros = new LinkedHashMap<>();
            for (int i = from; i < Math.min(data.size(), from + batch); i++) {
                chunk.put(data.key(i), data.value(i));
                zeros.put(data.key(i), 0L);
            }
            values.putAll(chunk);
            counters.putAll(zeros);
        }
    }
}
