package io.hamok.raft.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.AtomicFileOutputStream;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Snapshot files of the grid's {@link SnapshotState}, one small file per snapshot (with its MD5,
 * so that a leader can install it on a follower that lacks purged entries). Keeps the newest two.
 */
final class GridSnapshots {
    private static final SnapshotRetentionPolicy KEEP_NEWEST = new SnapshotRetentionPolicy() {
        @Override
        public int getNumSnapshotsRetained() {
            return 2;
        }
    };

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

    StateMachineStorage storage() {
        return storage;
    }

    void init(RaftStorage raftStorage) throws IOException {
        storage.init(raftStorage);
    }

    /** The newest snapshot: where it was taken and the state it holds. */
    record Latest(TermIndex at, SnapshotState state) {}

    /** Reads the newest snapshot, or {@code null} when there is none. */
    Latest readLatest() throws IOException {
        SingleFileSnapshotInfo info = storage.loadLatestSnapshot();
        if (info == null) {
            return null;
        }
        File file = info.getFile().getPath().toFile();
        if (info.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file, info.getFile().getFileDigest());
        }
        SnapshotState state = Wire.decode(ByteString.copyFrom(Files.readAllBytes(file.toPath())), SnapshotState.class);
        return new Latest(info.getTermIndex(), state);
    }

    /** Writes a snapshot of {@code state} taken at {@code at}, atomically, and drops older ones. */
    void write(TermIndex at, SnapshotState state) throws IOException {
        File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
        try (OutputStream out = new AtomicFileOutputStream(file)) {
            Wire.encode(state).writeTo(out);
        }
        FileInfo info = new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(info, at));
        storage.cleanupOldSnapshots(KEEP_NEWEST);
    }
}
