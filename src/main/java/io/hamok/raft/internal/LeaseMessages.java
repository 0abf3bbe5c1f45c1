package io.hamok.raft.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The near-cache lease request and grant, as read-only messages to the leader. Their first byte is never
 * the {@link Wire} version byte, so the leader's {@code query} tells them from forwarded batches.
 */
final class LeaseMessages {
    static final byte REQUEST = 'L';
    static final byte GRANT = 'G';

    private LeaseMessages() {}

    /**
     * A lease grant.
     *
     * @param granted          whether the leader granted it
     * @param catchUpIndex     every write executed (or let through to execution) before the grant has an index at or below this
     * @param catchUpTerm      the term of the entry at {@code catchUpIndex} (0 when none)
     * @param executedThrough  the store had executed every entry through this index when the grant was made
     */
    record Grant(boolean granted, long catchUpIndex, long catchUpTerm, long executedThrough) {}

    /** A lease request of one peer. */
    record Request(String peerId, boolean linearizable) {}

    static boolean isRequest(ByteString bytes) {
        return !bytes.isEmpty() && bytes.byteAt(0) == REQUEST;
    }

    static ByteString request(String peerId, boolean linearizable) {
        byte[] id = peerId.getBytes(StandardCharsets.UTF_8);
        return ByteString.copyFrom(ByteBuffer.allocate(2 + id.length).put(REQUEST).put((byte) (linearizable ? 1 : 0))
                .put(id).array());
    }

    static Request readRequest(ByteString bytes) {
        byte[] raw = bytes.toByteArray();
        if (raw.length < 2 || raw[0] != REQUEST) {
            throw new IllegalArgumentException("not a near-cache lease request: " + raw.length + " bytes");
        }
        return new Request(new String(raw, 2, raw.length - 2, StandardCharsets.UTF_8), raw[1] == 1);
    }

    static ByteString grant(Grant grant) {
        return ByteString.copyFrom(ByteBuffer.allocate(2 + 3 * Long.BYTES).put(GRANT).put((byte) (grant.granted() ? 1 : 0))
                .putLong(grant.catchUpIndex()).putLong(grant.catchUpTerm()).putLong(grant.executedThrough()).array());
    }

    static Grant readGrant(ByteString bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        if (buffer.remaining() != 2 + 3 * Long.BYTES || buffer.get() != GRANT) {
            throw new IllegalArgumentException("not a near-cache lease grant: " + bytes.size() + " bytes");
        }
        boolean granted = buffer.get() == 1;
        return new Grant(granted, buffer.getLong(), buffer.getLong(), buffer.getLong());
    }
}
