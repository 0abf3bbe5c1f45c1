package io.hamok.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/** The data shape every workload uses: a fixed key space and a few random values of a fixed size. */
final class Dataset {
    private static final int VALUE_VARIANTS = 16;

    private final String[] keys;
    private final byte[][] keyBytes;
    private final byte[][] values;

    Dataset(int keyCount, int valueBytes) {
        keys = new String[keyCount];
        keyBytes = new byte[keyCount][];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = String.format("key-%06d", i);
            keyBytes[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        Random random = new Random(42);
        values = new byte[VALUE_VARIANTS][valueBytes];
        for (byte[] value : values) {
            random.nextBytes(value);
        }
    }

    int size() {
        return keys.length;
    }

    String key(int i) {
        return keys[i];
    }

    byte[] keyBytes(int i) {
        return keyBytes[i];
    }

    int randomIndex(SplittableRandom random) {
        return random.nextInt(keys.length);
    }

    String randomKey(SplittableRandom random) {
        return keys[randomIndex(random)];
    }

    byte[] randomValue(SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    byte[] value(int i) {
        return values[i % values.length];
    }

    /** {@code n} distinct random key indexes. */
    int[] randomIndexes(SplittableRandom random, int n) {
        Set<Integer> picked = new LinkedHashSet<>();
        while (picked.size() < Math.min(n, keys.length)) {
            picked.add(randomIndex(random));
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    Set<String> randomKeys(SplittableRandom random, int n) {
        Set<String> result = new LinkedHashSet<>();
        for (int i : randomIndexes(random, n)) {
            result.add(keys[i]);
        }
        return result;
    }

    Map<String, byte[]> randomEntries(SplittableRandom random, int n) {
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (int i : randomIndexes(random, n)) {
            result.put(keys[i], randomValue(random));
        }
        return result;
    }

    Map<byte[], byte[]> randomRawEntries(SplittableRandom random, int n) {
        Map<byte[], byte[]> result = new LinkedHashMap<>();
        for (int i : randomIndexes(random, n)) {
            result.put(keyBytes[i], randomValue(random));
        }
        return result;
    }
}
