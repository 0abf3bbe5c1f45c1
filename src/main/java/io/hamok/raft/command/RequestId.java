package io.hamok.raft.command;

import io.hamok.store.Bytes;
import java.nio.ByteBuffer;

/**
 * Names one request across peers and restarts: a random origin drawn when a peer starts, and a
 * sequence number within it. A command sent again with the same id (a retry) takes effect once.
 *
 * @param origin   random per peer incarnation
 * @param sequence counts the origin's requests
 */
public record RequestId(long origin, long sequence) {
    /** The 16 bytes a store records. */
    public Bytes toBytes() {
        return Bytes.wrap(ByteBuffer.allocate(16).putLong(origin).putLong(sequence).array());
    }
}
