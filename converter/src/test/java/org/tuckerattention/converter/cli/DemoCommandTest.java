package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;

/** {@code tucker demo}: inspect, the rank report, compression validated at a budget, the page where it says. */
class DemoCommandTest {

    @Test
    void inspectsReportsRanksCompressesValidatesAndSaysWhereTheReportIs(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("demo-report");
        CliRun run = CliRun.of("demo", "--model", SharedData.stories260K().resolve("hf-f32").toString(),
                "--out", out.toString(), "--budgets", "0.5", "--chunks", "1", "--device", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("GQA, 8 query heads, 4 key/value heads"), run.out());
        assertTrue(run.out().contains("key       64     32*    32"), run.out());
        assertTrue(run.out().contains("== 3.1 compress to 0.5000"), run.out());
        assertTrue(run.out().matches("(?s).*\\| 0\\.5000 \\| tucker-hooi \\| 30,720 \\(50\\.0 %\\) \\| 608 \\| \\d\\.\\d{4} \\|.*"),
                run.out());
        assertTrue(run.out().contains("report: " + out.resolve("index.html").toAbsolutePath()), run.out());
        assertTrue(Files.exists(out.resolve("ranks.html")));
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("<a href=\"ranks.html\">") && page.contains("data:image/png;base64,"), page);
        assertTrue(page.contains("<p>Model hf-f32; text the built-in sentences; Tucker HOSVD"), page);
    }
}
