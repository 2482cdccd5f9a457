package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.MlaDims;
import org.tuckerattention.formats.adapters.Rope;

/** The DESIGN §4 table of structural ranks, mechanism by mechanism. */
class StructuralRanksTest {

    @Test
    void mhaIsFullInQueryAndKeyModes() {
        StructuralRanks r = StructuralRanks.of(AttentionGeometry.standard(6, 384, 12, 12, 32, Rope.NONE, true, true));
        assertArrayEquals(new int[] {12, 384, 384}, r.pre());
        assertArrayEquals(new int[] {12, 384, 384}, r.post());
    }

    @Test
    void gqaKeyModeIsBoundedByTheKeyValueHeads() {
        StructuralRanks r = StructuralRanks.of(AttentionGeometry.standard(5, 64, 8, 4, 8, Rope.NONE, false, false));
        assertArrayEquals(new int[] {8, 64, 32}, r.pre());
        assertArrayEquals(new int[] {8, 64, 32}, r.post());
        assertArrayEquals(new int[] {8, 64, 64}, r.preDims());
    }

    @Test
    void mqaKeyModeIsOneHeadWide() {
        StructuralRanks r = StructuralRanks.of(AttentionGeometry.standard(2, 64, 8, 1, 8, Rope.NONE, false, false));
        assertArrayEquals(new int[] {8, 64, 8}, r.pre());
    }

    @Test
    void smallHeadsCapTheQueryMode() {
        // 2 heads of 4 cannot span a 64-wide query space: the mode rank is nH·dH = 8.
        StructuralRanks r = StructuralRanks.of(AttentionGeometry.standard(1, 64, 2, 2, 4, Rope.NONE, false, false));
        assertArrayEquals(new int[] {2, 8, 8}, r.pre());
    }

    @Test
    void mlaRanksAreTheLatentWidths() {
        MlaDims m = new MlaDims(1536, 512, 128, 64, 128);
        AttentionGeometry g = new AttentionGeometry(
                60, 5120, 128, 128, 128, 128, Rope.NONE, false, false, Optional.of(m));
        StructuralRanks r = StructuralRanks.of(g);
        assertArrayEquals(new int[] {128, 1536, 512}, r.pre());
        assertArrayEquals(new int[] {128, 5120, 512}, r.post());
    }

    @Test
    void tuckerParametersCountCoreAndFactors() {
        assertEquals(8L * 64 * 32 + 8 * 8 + 64 * 64 + 64 * 32,
                StructuralRanks.tuckerParameters(new int[] {8, 64, 64}, new int[] {8, 64, 32}));
    }
}
