package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.converter.ranks.Spectrum;
import org.tuckerattention.converter.ranks.TensorSpectra;
import org.tuckerattention.converter.tucker.CoreStorage;

/** The global allocator on synthetic spectra: within the budget, close to it, AUTO head-factored where it fits. */
class BudgetPlanTest {

    private static final int NH = 8;
    private static final int D = 64;
    private static final int W = 8;

    @Test
    void spendsAtMostTheBudgetAndNearlyAllOfIt() {
        List<SideSpectra> sides = sides(new Random(345), CoreStorage.values());
        for (long budget : new long[] {4_000, 15_000, 30_000}) {
            BudgetPlan p = BudgetPlan.allocate(sides, budget, OptionalDouble.empty());
            assertTrue(p.parameters() <= budget, p.parameters() + " > " + budget);
            assertTrue(p.parameters() >= 0.98 * budget, p.parameters() + " of " + budget);
            for (BudgetPlan.SidePlan s : p.sides()) {
                SideSpectra side = sides.stream().filter(x -> x.layer() == s.layer() && x.side().equals(s.side()))
                        .findFirst().orElseThrow();
                assertEquals(side.parameters(s.choice().storage(), s.choice().ranks()), s.choice().parameters());
            }
        }
    }

    @Test
    void autoPlansHeadFactoredWhereItFitsWithDenseAlternativesAtNoMoreValues() {
        for (long budget : new long[] {6_000, 12_000, 24_000}) {
            BudgetPlan auto = BudgetPlan.allocate(sides(new Random(7), CoreStorage.values()), budget,
                    OptionalDouble.empty());
            BudgetPlan factored = BudgetPlan.allocate(sides(new Random(7), CoreStorage.HEAD_FACTORED), budget,
                    OptionalDouble.empty());
            assertEquals(factored.parameters(), auto.parameters());
            for (int k = 0; k < auto.sides().size(); k++) {
                BudgetPlan.SidePlan a = auto.sides().get(k);
                assertArrayEquals(factored.sides().get(k).choice().ranks(), a.choice().ranks());
                assertEquals(CoreStorage.HEAD_FACTORED, a.choice().storage());
                assertTrue(factored.sides().get(k).alternative().isEmpty(), "one storage allowed: no alternative");
                a.alternative().ifPresent(alt -> {
                    assertEquals(CoreStorage.DENSE, alt.storage());
                    assertTrue(alt.parameters() <= a.choice().parameters());
                });
            }
        }
    }

    @Test
    void autoBelowTheSmallestHeadFactoredRanksPlansDense() {
        // Head-factored (8, 3, 3) stores 672 values a side; 6 sides need 4,032.
        BudgetPlan p = BudgetPlan.allocate(sides(new Random(7), CoreStorage.values()), 3_000, OptionalDouble.empty());
        assertTrue(p.parameters() <= 3_000);
        assertTrue(p.sides().stream().anyMatch(s -> s.choice().storage() == CoreStorage.DENSE));
    }

    @Test
    void aGivenShareBoundsEachSide() {
        List<SideSpectra> sides = sides(new Random(11), CoreStorage.values());
        BudgetPlan p = BudgetPlan.allocate(sides, 20_000, OptionalDouble.of(0.25));
        assertTrue(p.parameters(PreSoftmaxSide.NAME) <= 5_000);
        assertTrue(p.parameters(PostSoftmaxSide.NAME) <= 15_000);
        assertTrue(p.parameters(PostSoftmaxSide.NAME) >= 14_000);
        assertEquals(List.of(0, 0, 1, 1, 2, 2), p.sides().stream().map(BudgetPlan.SidePlan::layer).toList());
    }

    @Test
    void aBudgetBelowTheSmallestRanksIsRefused() {
        // Dense ranks (1, 1, 1) are the cheapest: 1 + 8 + 64 + 64 = 137 values per side.
        List<SideSpectra> sides = sides(new Random(3), CoreStorage.values());
        RankException e = assertThrows(RankException.class,
                () -> BudgetPlan.allocate(sides, 500, OptionalDouble.empty()));
        assertEquals("a budget of 500 attention parameters is below the 822 that the smallest ranks of these 6"
                + " sides need", e.getMessage());
    }

    /** Three layers, both sides each, spectra decaying at random rates; head tails flat-ish as in trained models. */
    private static List<SideSpectra> sides(Random random, CoreStorage... storages) {
        List<SideSpectra> out = new ArrayList<>();
        for (int layer = 0; layer < 3; layer++) {
            for (String side : List.of(PreSoftmaxSide.NAME, PostSoftmaxSide.NAME)) {
                int[] dims = {NH, D, D};
                List<Spectrum> spectra = new ArrayList<>();
                for (int n = 0; n < 3; n++) {
                    double rate = n == 0 ? 0.05 + 0.1 * random.nextDouble() : 0.02 + 0.2 * random.nextDouble();
                    double[] s = new double[dims[n]];
                    for (int k = 0; k < s.length; k++) {
                        s[k] = Math.exp(-rate * k);
                    }
                    spectra.add(new Spectrum(s));
                }
                out.add(new SideSpectra(layer, side, new TensorSpectra(layer, side, dims, spectra), NH / 2, W,
                        List.of(storages), false, 0, 0, 0));
            }
        }
        return out;
    }
}
