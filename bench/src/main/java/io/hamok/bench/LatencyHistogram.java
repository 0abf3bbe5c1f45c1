package io.hamok.bench;

/**
 * Latencies in nanoseconds, in log-linear buckets: exact below 128 ns, then 64 buckets per power of
 * two (under 1.6% error). Not thread-safe: one per load thread, merged at the end; travels between
 * processes as the sparse text of {@link #encode()}.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private static final int LINEAR = 2 * SUB;
    private static final int BUCKETS = LINEAR + SUB * 58;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    public long count() {
        return total;
    }

    /** The latency at quantile {@code q} (0..1) in nanoseconds: the midpoint of its bucket; 0 when empty. */
    public long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, midpoint(i));
            }
        }
        return max;
    }

    /** {@code max/bucket:count/bucket:count...}, only the buckets that are not empty. */
    public String encode() {
        StringBuilder out = new StringBuilder().append(max);
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                out.append('/').append(i).append(':').append(counts[i]);
            }
        }
        return out.toString();
    }

    public static LatencyHistogram decode(String text) {
        LatencyHistogram histogram = new LatencyHistogram();
        String[] parts = text.split("/");
        histogram.max = Long.parseLong(parts[0]);
        for (int p = 1; p < parts.length; p++) {
            int colon = parts[p].indexOf(':');
            int bucket = Integer.parseInt(parts[p].substring(0, colon));
            long count = Long.parseLong(parts[p].substring(colon + 1));
            histogram.counts[bucket] += count;
            histogram.total += count;
        }
        return histogram;
    }

    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int msb = 63 - Long.numberOfLeadingZeros(value);
        int shift = msb - SUB_BITS;
        int top = (int) (value >>> shift);
        return Math.min(BUCKETS - 1, LINEAR + (shift - 1) * SUB + (top - SUB));
    }

    private static long midpoint(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index - LINEAR) / SUB + 1;
        long top = SUB + (index - LINEAR) % SUB;
        long low = top << shift;
        return low + ((1L << shift) - 1) / 2;
    }
}
