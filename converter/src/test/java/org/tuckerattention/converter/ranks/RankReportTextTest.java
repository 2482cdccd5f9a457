package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The terminal table: fits 100 columns and shows the figures a reader needs at a glance. */
class RankReportTextTest {

    private static final Pattern KEY_ROW = Pattern.compile("^\\s+key\\s+(\\d+)\\s+(\\d+)(\\*?)\\s+(\\d+)\\s");

    @Test
    void everyLineFitsTheTerminalEvenForWideModels() {
        for (RankReport r : List.of(SyntheticRankReports.gqa(5), SyntheticRankReports.wide(3))) {
            String text = RankReportText.table(r);
            for (String line : text.split("\n")) {
                assertTrue(line.length() <= 100, () -> line.length() + " columns: " + line);
            }
        }
    }

    @Test
    void gqaKeyModeShowsRankThirtyTwoOfSixtyFourAsStructural() {
        String text = RankReportText.table(SyntheticRankReports.gqa(5));
        Matcher m = KEY_ROW.matcher("");
        int rows = 0;
        for (String line : text.split("\n")) {
            if (m.reset(line).find()) {
                assertEquals("64", m.group(1));
                assertEquals("32", m.group(2));
                assertEquals("*", m.group(3));
                assertEquals("32", m.group(4));
                rows++;
            }
        }
        assertEquals(5, rows);
    }

    @Test
    void rowsCarryTheEnergyAndStableRanksOfTheSpectra() {
        RankReport r = SyntheticRankReports.gqa(5);
        String text = RankReportText.table(r);
        TensorRanks pre = r.layers().get(3).pre();
        Spectrum query = pre.spectra().get(1);
        String expected = String.format(java.util.Locale.ROOT, "query %6d%8s%6d%7d%7d%7d%7d%8.1f",
                64, "64 ", query.rankAtRelativeThreshold(1e-6), query.energyRank(0.90), query.energyRank(0.95),
                query.energyRank(0.99), query.energyRank(0.999), query.stableRank());
        long hits = text.lines().filter(l -> l.contains(expected)).count();
        assertTrue(hits >= 1, () -> "missing " + expected + " in\n" + text);
        String smallest = RankLabels.triple(pre.smallestForTolerance()) + " "
                + RankLabels.relative(pre.errorAtSmallest());
        assertTrue(text.contains("    3 pre    head"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("    3 pre") && l.endsWith(smallest)), text);
    }

    @Test
    void headerSaysWhatWasAnalysedAndHow() {
        String text = RankReportText.table(SyntheticRankReports.gqa(5));
        assertTrue(text.contains("/models/stories260K"), text);
        assertTrue(text.contains("llama; GQA (8 query / 4 key-value heads); 5 layers"), text);
        assertTrue(text.contains("RoPE offset 0"), text);
        assertTrue(text.contains("1e-6 x the largest"), text);
        assertTrue(text.contains("at most 0.05,"), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("legend")).count());
    }

    @Test
    void noRopeNoteWithoutRope() {
        RankReport r = SyntheticRankReports.report("bert", "bert", "MHA (12 heads)", false, 2,
                new int[] {12, 384, 384}, new int[] {12, 384, 384});
        String text = RankReportText.table(r);
        assertFalse(text.contains("RoPE"), text);
        assertFalse(text.lines().anyMatch(l -> l.matches(".*\\d\\*.*")), text);
    }

    @Test
    void longSourcePathsAreCutOnTheLeft() {
        String text = RankReportText.table(SyntheticRankReports.wide(1));
        String source = text.lines().filter(l -> l.startsWith("source")).findFirst().orElseThrow();
        assertTrue(source.endsWith("Meta-Llama-3-8B-Instruct/model.safetensors.index.json"), source);
        assertEquals(100, source.length());
    }
}
