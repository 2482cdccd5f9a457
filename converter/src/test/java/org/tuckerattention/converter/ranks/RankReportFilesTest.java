package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three report files land in the folder, complete, with no temporary file left behind. */
class RankReportFilesTest {

    @Test
    void writesJsonMarkdownAndHtmlIntoANewFolder(@TempDir Path tmp) throws Exception {
        RankReport r = SyntheticRankReports.gqa(2);
        Path out = tmp.resolve("a/b");
        List<Path> written = RankReportFiles.write(r, out);
        assertEquals(List.of(out.resolve("ranks.json"), out.resolve("ranks.md"), out.resolve("ranks.html")), written);
        assertEquals(RankReportJson.write(r), Files.readString(written.get(0)));
        assertEquals(RankReportMarkdown.write(r), Files.readString(written.get(1)));
        assertEquals(Files.readString(written.get(2)).length(), RankReportHtml.write(r).length());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void replacesAnEarlierReport(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("ranks.md"), "old");
        RankReportFiles.write(SyntheticRankReports.gqa(1), tmp);
        assertEquals(RankReportMarkdown.write(SyntheticRankReports.gqa(1)), Files.readString(tmp.resolve("ranks.md")));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(3, files.count());
        }
    }
}
