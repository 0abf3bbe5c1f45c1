package io.hamok.raft.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the closed segments of a peer's Raft log end, read from their files' names ({@code log_<first>-<last>}).
 * A snapshot taken at a segment's last index lets Ratis purge exactly through it, so that the log starts
 * right after the snapshot. Ratis 3.2 cannot send entries to a follower whose next index is the log's
 * first index unless the snapshot's index is the one before it: its log appender fails and stops for
 * good, and the follower never catches up. Segments end where a leader's term ends, which is just
 * where a killed leader's log stops.
 */
final class LogSegments {
    private static final Pattern CLOSED = Pattern.compile("log_(\\d+)-(\\d+)");

    private LogSegments() {}

    /** The last index of the newest closed segment that ends at or below {@code index}; -1 if none does. */
    static long lastEndAtOrBelow(Path logDir, long index) throws IOException {
        long best = -1;
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher closed = CLOSED.matcher(file.getFileName().toString());
                if (closed.matches()) {
                    long end = Long.parseLong(closed.group(2));
                    if (end <= index && end > best) {
                        best = end;
                    }
                }
            }
        }
        return best;
    }
}
