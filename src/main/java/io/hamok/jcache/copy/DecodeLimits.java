package io.hamok.jcache.copy;

import java.io.ObjectInputFilter;

/**
 * How much work Java serialization may do for one value: bytes from the store or the log may be
 * hostile, and a few KB of nested collections that share their elements (the classic nested
 * {@code HashSet} bomb) take minutes to hash while they are read. A value is refused when it nests
 * more than {@value #MAX_DEPTH} objects deep, holds more objects and references than its bytes could
 * encode, or is still being read after {@value #MAX_DECODE_MILLIS} ms: the filter is asked between
 * the elements, so a bomb stops within about that time.
 */
final class DecodeLimits {
    /** Starts every reason, so that the codec can tell them from a class that is not allowed. */
    static final String PREFIX = "refused while decoding: ";
    static final int MAX_DEPTH = 200;
    static final long MAX_DECODE_MILLIS = 2_000;

    private DecodeLimits() {}

    /** Why decoding must stop here, or null. */
    static String exceeded(ObjectInputFilter.FilterInfo info, int length, long startedNanos) {
        if (info.depth() > MAX_DEPTH) {
            return PREFIX + "objects nested more than " + MAX_DEPTH + " deep";
        }
        // every object or reference takes at least two bytes of the stream
        if (info.references() > length / 2 + 1) {
            return PREFIX + info.references() + " objects and references in " + length + " bytes";
        }
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        if (millis > MAX_DECODE_MILLIS) {
            return PREFIX + "still decoding after " + millis + " ms (at most " + MAX_DECODE_MILLIS
                    + "; nested collections that share elements make the work grow exponentially)";
        }
        return null;
    }
}
