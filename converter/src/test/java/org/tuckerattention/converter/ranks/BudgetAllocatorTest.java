package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Greedy allocation of a global parameter budget over layers, tensors and modes (DESIGN §4.2). */
class BudgetAllocatorTest {

    private static final int[] DIMS = {8, 32, 32};

    @Test
    void staysWithinTheBudgetWithValidRanks() {
        List<TensorSpectra> tensors = layers(0.6, 0.8, 0.9);
        long budget = 6000;
        List<RankAllocation> a = BudgetAllocator.allocate(tensors, budget);
        long total = 0;
        for (RankAllocation r : a) {
            RankSpec.validate(r.ranks(), DIMS, List.of("head", "query", "key"));
            assertEquals(r.parameters(), CoreCount.dense(DIMS, r.ranks()));
            total += r.parameters();
        }
        assertTrue(total <= budget, "spent " + total);
        // Greedy stops only when no increment fits, so little of the budget is left.
        assertTrue(total > 0.97 * budget, "spent " + total);
    }

    @Test
    void givesMoreRankToTheLayerWithTheFlatterSpectrum() {
        List<RankAllocation> a = BudgetAllocator.allocate(layers(0.5, 0.9), 5000);
        int steep = sum(a.get(0).ranks());
        int flat = sum(a.get(1).ranks());
        assertTrue(flat > steep, "flat " + flat + " steep " + steep);
        assertTrue(a.get(1).parameters() > a.get(0).parameters());
        assertEquals(1, a.get(1).layer());
        assertEquals("pre-softmax", a.get(1).tensor());
    }

    @Test
    void moreBudgetNeverRaisesTheEstimatedError() {
        double previous = Double.MAX_VALUE;
        for (long budget : new long[] {1000, 2000, 4000, 8000, 16000}) {
            double total = 0;
            for (RankAllocation r : BudgetAllocator.allocate(layers(0.6, 0.8), budget)) {
                total += r.errorBound() * r.errorBound();
            }
            assertTrue(total <= previous, "budget " + budget);
            previous = total;
        }
    }

    @Test
    void isDeterministic() {
        List<RankAllocation> a = BudgetAllocator.allocate(layers(0.7, 0.7, 0.8), 7000);
        List<RankAllocation> b = BudgetAllocator.allocate(layers(0.7, 0.7, 0.8), 7000);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).ranks(), b.get(i).ranks());
        }
        // Two identical layers get identical ranks, or differ by the last increment at most.
        assertTrue(Math.abs(sum(a.get(0).ranks()) - sum(a.get(1).ranks())) <= 3);
    }

    @Test
    void reachesAnExactlyLowRankTensorAndSpendsNoMore() {
        // Mode spectra of rank (2, 3, 3): a large budget stops at the exact ranks with zero error.
        double[] head = {2, 1, 0, 0, 0, 0, 0, 0};
        double[] other = new double[32];
        other[0] = 2;
        other[1] = 1;
        other[2] = 0.5;
        List<Spectrum> s = List.of(new Spectrum(head), new Spectrum(other), new Spectrum(other));
        TensorSpectra t = new TensorSpectra(0, "pre-softmax", DIMS, s);
        RankAllocation r = BudgetAllocator.allocate(List.of(t), 100000).get(0);
        assertArrayEquals(new int[] {2, 3, 3}, r.ranks());
        assertEquals(0, r.errorBound(), 1e-15);
    }

    @Test
    void rejectsABudgetBelowRankOneEverywhere() {
        RankException e = assertThrows(RankException.class, () -> BudgetAllocator.allocate(layers(0.5, 0.5), 100));
        assertEquals("a budget of 100 parameters is below the 146 that ranks (1, 1, 1) need for all 2 tensors",
                e.getMessage());
    }

    /** One pre-softmax tensor per layer, each with every mode decaying geometrically at its ratio. */
    private static List<TensorSpectra> layers(double... ratios) {
        List<TensorSpectra> out = new ArrayList<>();
        for (int l = 0; l < ratios.length; l++) {
            List<Spectrum> s = List.of(RankSpecTest.decaying(8, ratios[l]), RankSpecTest.decaying(32, ratios[l]),
                    RankSpecTest.decaying(32, ratios[l]));
            out.add(new TensorSpectra(l, "pre-softmax", DIMS, s));
        }
        return out;
    }

    private static int sum(int[] r) {
        return r[0] + r[1] + r[2];
    }

    /** The dense Tucker count, written out independently of the allocator. */
    private static final class CoreCount {
        static long dense(int[] d, int[] r) {
            return (long) r[0] * r[1] * r[2] + (long) d[0] * r[0] + (long) d[1] * r[1] + (long) d[2] * r[2];
        }
    }
}
