package io.hamok.bench;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/** The data every workload uses: a fixed key space and a few random values of a fixed size. */
public final class Dataset {
    private static final int VALUE_VARIANTS = 16;

    private final String[] keys;
    private final byte[][] values;

    public Dataset(int keyCount, int valueBytes) {
        keys = new String[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = String.format("key-%06d", i);
        }
        Random random = new Random(42);
        values = new byte[VALUE_VARIANTS][valueBytes];
        for (byte[] value : values) {
            random.nextBytes(value);
        }
    }

    public int size() {
        return keys.length;
    }

    public String key(int i) {
        return keys[i];
    }

    public byte[] value(int i) {
        return values[i % values.length];
    }

    public String randomKey(SplittableRandom random) {
        return keys[random.nextInt(keys.length)];
    }

    public byte[] randomValue(SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    /** {@code n} distinct random keys, each with a random value. */
    public Map<String, byte[]> randomEntries(SplittableRandom random, int n) {
        Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < Math.min(n, keys.length)) {
            picked.add(randomKey(random));
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (String key : picked) {
            result.put(key, randomValue(random));
        }
        return result;
    }
}
