package io.hamok.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's first command keeps working: the demo runs to its end and reports no lost write. */
class DemoTest {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void run_threePeersLeaderKilled_listenersSeeEveryWriteAndNoAcknowledgedWriteIsLost() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean nothingLost;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            nothingLost = new Demo(out).run();
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertTrue(nothingLost, output);
        for (String expected : new String[] {"p0's listener: CREATED visits=1", "p1's listener: CREATED visits=1",
                "p2's listener: CREATED visits=1", "p0's listener: UPDATED visits=2", "p2's listener: UPDATED visits=2",
                "returns 2", "kill -9 ", " leads now;", "Lost acknowledged writes: 0 of "}) {
            assertTrue(output.contains(expected), "the demo printed no '" + expected + "':\n" + output);
        }
    }
}
