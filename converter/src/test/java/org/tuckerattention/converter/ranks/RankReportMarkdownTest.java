package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ranks.md: a summary row per layer and a table per layer, with the figures of the spectra. */
class RankReportMarkdownTest {

    @Test
    void summaryHasOneRowPerLayerWithThe95PercentRanks() {
        RankReport r = SyntheticRankReports.gqa(5);
        String md = RankReportMarkdown.write(r);
        List<String> rows = md.lines().dropWhile(l -> !l.equals("## Summary")).skip(4)
                .takeWhile(l -> l.startsWith("| ")).toList();
        assertEquals(5, rows.size());
        for (int l = 0; l < 5; l++) {
            TensorRanks pre = r.layers().get(l).pre();
            int[] e95 = pre.spectra().stream().mapToInt(s -> s.energyRank(0.95)).toArray();
            assertTrue(rows.get(l).startsWith("| " + l + " | [8,64,**32**] | [8,64,32] | "
                    + RankLabels.triple(e95) + " | "), rows.get(l));
        }
    }

    @Test
    void eachLayerHasATableWithARowPerTensorAndMode() {
        RankReport r = SyntheticRankReports.gqa(5);
        String md = RankReportMarkdown.write(r);
        assertEquals(5, md.lines().filter(l -> l.startsWith("## Layer ")).count());
        Spectrum key = r.layers().get(2).pre().spectra().get(2);
        String keyRow = "|  | key | 64 | **32** | 32 | %d | %d | %d | %d | %s |  |".formatted(
                key.energyRank(0.90), key.energyRank(0.95), key.energyRank(0.99), key.energyRank(0.999),
                RankLabels.stable(key.stableRank()));
        List<String> layer2 = md.lines().dropWhile(l -> !l.equals("## Layer 2")).skip(2)
                .takeWhile(l -> l.startsWith("|")).toList();
        assertEquals(2 + 6, layer2.size());
        assertEquals(keyRow, layer2.get(4));
        assertTrue(layer2.get(2).startsWith("| pre-softmax | head | 8 | 8 | 8 |"), layer2.get(2));
        assertTrue(md.contains("taken at RoPE offset 0"));
    }
}
