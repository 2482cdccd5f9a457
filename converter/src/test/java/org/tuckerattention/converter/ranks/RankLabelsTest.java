package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the renderings write numbers, and the layer colour ramp they share. */
class RankLabelsTest {

    @Test
    void percentagesKeepOnlyTheDigitsThatMatter() {
        assertEquals("90 %", RankLabels.percent(0.90));
        assertEquals("95 %", RankLabels.percent(0.95));
        assertEquals("99.9 %", RankLabels.percent(0.999));
    }

    @Test
    void relativeValuesUseThreeSignificantDigitsAndShortExponents() {
        assertEquals("0.05", RankLabels.relative(0.05));
        assertEquals("0.0306", RankLabels.relative(0.030564));
        assertEquals("1e-6", RankLabels.relative(1e-6));
        assertEquals("1.5e-8", RankLabels.relative(1.5e-8));
        assertEquals("0", RankLabels.relative(0));
        assertEquals("n/a", RankLabels.relative(Double.NaN));
    }

    @Test
    void triplesAreWrittenAsDesignWritesThem() {
        assertEquals("[8,64,32]", RankLabels.triple(new int[] {8, 64, 32}));
        assertEquals("none", RankLabels.triple(null));
        assertEquals("pre", RankLabels.shortTensor("pre-softmax"));
        assertEquals(1, RankLabels.summaryEnergy(new double[] {0.9, 0.95, 0.99}));
        assertEquals(-1, RankLabels.summaryEnergy(new double[0]));
    }

    @Test
    void layerColoursRunFromTheFirstStopToTheLast() {
        assertEquals(LayerColours.RAMP.get(0), LayerColours.of(0, 5));
        assertEquals(LayerColours.RAMP.get(2), LayerColours.of(1, 3));
        assertEquals(LayerColours.RAMP.get(4), LayerColours.of(31, 32));
        assertEquals(LayerColours.RAMP.get(0), LayerColours.of(0, 1));
    }
}
