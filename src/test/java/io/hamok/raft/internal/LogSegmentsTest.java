package io.hamok.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment ends read from the names Ratis gives its log files. */
class LogSegmentsTest {
    @TempDir
    Path logDir;

    @Test
    void theNewestClosedSegmentEndingAtOrBelowTheIndex_isFound_openAndOtherFilesIgnored() throws Exception {
        for (String name : new String[] {"log_0-99", "log_100-1999", "log_2000-2450", "log_inprogress_2451", "raft-meta",
                "log_2451-9999.corrupt"}) {
            Files.createFile(logDir.resolve(name));
        }

        assertEquals(2450, LogSegments.lastEndAtOrBelow(logDir, 3000));
        assertEquals(1999, LogSegments.lastEndAtOrBelow(logDir, 2449));
        assertEquals(99, LogSegments.lastEndAtOrBelow(logDir, 99));
        assertEquals(-1, LogSegments.lastEndAtOrBelow(logDir, 98));
    }
}
