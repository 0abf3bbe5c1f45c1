package io.hamok.raft.internal;

import io.hamok.exceptions.HamokException;

/**
 * Which wire version this peer writes and reads, and the refusal when an entry or a peer speaks
 * another one. A peer never skips an entry it cannot read: it refuses to apply it and stops, since
 * skipping would lose a write the grid acknowledged.
 *
 * <p>The system property {@value #PIN_PROPERTY} pins the version, for tests only: it makes a peer
 * pose as one of another version.
 */
final class WireVersion {
    /** Test-only: pins the wire version of this JVM's peers. */
    static final String PIN_PROPERTY = "hamok.internal.wireVersion";
    /** The version of this build. */
    static final byte BUILT = 3;

    private WireVersion() {}

    /** The version this JVM's peers write and read: {@link #BUILT}, unless pinned. */
    static byte current() {
        String pinned = System.getProperty(PIN_PROPERTY);
        if (pinned == null || pinned.isBlank()) {
            return BUILT;
        }
        try {
            int value = Integer.parseInt(pinned.trim());
            if (value < 1 || value > Byte.MAX_VALUE) {
                throw new IllegalArgumentException(PIN_PROPERTY + " : " + pinned + " (expected: 1..127)");
            }
            return (byte) value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PIN_PROPERTY + " : '" + pinned + "' (expected: a number)", e);
        }
    }

    /** The version byte an entry starts with, or -1 for an empty entry. */
    static int of(org.apache.ratis.thirdparty.com.google.protobuf.ByteString bytes) {
        return bytes.isEmpty() ? -1 : bytes.byteAt(0);
    }

    /**
     * Refuses an entry this peer cannot read because another wire version wrote it.
     *
     * @throws UnreadableEntryException if {@code version} is not {@code ours}
     */
    static void requireReadable(String peerId, long index, int version, byte ours) {
        if (version >= 0 && version != ours) {
            throw new UnreadableEntryException("peer '" + peerId + "' cannot apply log entry " + index + ": it was written"
                    + " at wire version " + version + " and this peer reads version " + ours + ". It refuses to apply it"
                    + " (skipping it would lose a write) and stops: run the same version on every peer of the grid"
                    + " (see docs/OPERATIONS.md, upgrades)");
        }
    }

    /** The message of a peer that finds another peer of a different wire version at start-up. */
    static String mixRefused(String peerId, String otherPeer, int otherVersion, byte ours) {
        return "peer '" + peerId + "' runs wire version " + ours + " but peer '" + otherPeer + "' runs wire version "
                + otherVersion + ": peers of different wire versions do not form one grid (one could not read the"
                + " other's entries), so this peer does not start. Upgrade a release that changes the wire version"
                + " by stopping every peer, then starting them all on the new release (see docs/OPERATIONS.md, upgrades)";
    }

    /** Thrown where a peer refuses an entry of another wire version; escapes the apply loop on purpose. */
    static final class UnreadableEntryException extends HamokException {
        private static final long serialVersionUID = 1L;

        UnreadableEntryException(String message) {
            super(message);
        }
    }
}
