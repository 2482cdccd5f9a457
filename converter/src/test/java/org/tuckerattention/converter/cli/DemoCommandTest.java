package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;

/** {@code tucker demo}: inspect, then the rank report, written where it says. */
class DemoCommandTest {

    @Test
    void inspectsReportsRanksAndSaysWhereTheReportIs(@TempDir Path tmp) {
        Path out = tmp.resolve("demo-report");
        CliRun run = CliRun.of("demo", "--model", SharedData.stories260K().resolve("hf-f32").toString(),
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("GQA, 8 query heads, 4 key/value heads"), run.out());
        assertTrue(run.out().contains("key       64     32*    32"), run.out());
        assertTrue(run.out().contains("report: " + out.resolve("ranks.html").toAbsolutePath()), run.out());
        assertTrue(Files.exists(out.resolve("ranks.html")));
    }
}
