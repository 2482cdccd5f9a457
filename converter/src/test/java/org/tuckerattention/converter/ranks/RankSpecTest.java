package org.tuckerattention.converter.ranks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rank validation and the tolerance and fraction rules, on hand-made spectra. */
class RankSpecTest {

    private static final List<String> MODES = List.of("head", "query", "key");

    @Test
    void validationNamesTheModeAndTheBound() {
        int[] dims = {8, 128, 64};
        assertEquals("rank 200 for mode 'query' exceeds its dimension 128",
                assertThrows(RankException.class, () -> RankSpec.validate(new int[] {8, 200, 64}, dims, MODES))
                        .getMessage());
        assertEquals("rank 0 for mode 'head' must be at least 1",
                assertThrows(RankException.class, () -> RankSpec.validate(new int[] {0, 8, 8}, dims, MODES))
                        .getMessage());
        assertEquals("rank 9 for mode 'key' exceeds the product 8 of the other two ranks",
                assertThrows(RankException.class, () -> RankSpec.validate(new int[] {2, 4, 9}, dims, MODES))
                        .getMessage());
        assertEquals("expected 3 ranks for 3 modes, got 2",
                assertThrows(RankException.class, () -> RankSpec.validate(new int[] {2, 4}, dims, MODES))
                        .getMessage());
        assertArrayEquals(new int[] {8, 128, 64}, RankSpec.validate(new int[] {8, 128, 64}, dims, MODES));
    }

    @Test
    void fixedRanksAreValidatedOnResolve() {
        RankException e = assertThrows(RankException.class,
                () -> RankSpec.fixed(8, 8, 65).resolve(new int[] {8, 128, 64}, MODES, List.of(), 0));
        assertEquals("rank 65 for mode 'key' exceeds its dimension 64", e.getMessage());
        int[] dims = {8, 8, 8};
        assertArrayEquals(new int[] {2, 3, 4}, RankSpec.fixed(2, 3, 4).resolve(dims, MODES, List.of(), 0));
    }

    @Test
    void toleranceTakesTheSmallestRankPerModeWithinAThirdOfTheBudget() {
        // Tails after rank 1, 2: head .05, 0; query .09, .0001; key .36, 0. Tolerance 0.5 allows .0833 per mode.
        List<Spectrum> spectra = List.of(
                spectrum(Math.sqrt(0.95), Math.sqrt(0.05)),
                spectrum(Math.sqrt(0.91), Math.sqrt(0.0899), Math.sqrt(0.0001)),
                spectrum(0.8, 0.6));
        int[] dims = {2, 3, 2};
        int[] r = RankSpec.tolerance(0.5).resolve(dims, MODES, spectra, 0);
        assertArrayEquals(new int[] {1, 2, 2}, r);
        assertArrayEquals(new int[] {2, 3, 2}, RankSpec.tolerance(0.01).resolve(dims, MODES, spectra, 0));
    }

    @Test
    void toleranceRaisesRanksToKeepEachBelowTheProductOfTheOthers() {
        // Query needs 4 but head and key alone would stop at 1 and 2: a rank is raised to allow it.
        List<Spectrum> spectra = List.of(
                spectrum(1, 1e-3, 1e-3), spectrum(1, 1, 1, 1), spectrum(1, 1, 1e-3));
        int[] r = RankSpec.tolerance(0.05).resolve(new int[] {3, 4, 3}, MODES, spectra, 0);
        assertArrayEquals(new int[] {2, 4, 2}, r);
    }

    @Test
    void fractionStaysWithinItsShareOfTheOriginalParameters() {
        int[] dims = {4, 16, 16};
        List<Spectrum> spectra = List.of(decaying(4, 0.5), decaying(16, 0.7), decaying(16, 0.7));
        long original = 4L * 16 * 16;
        int[] r = RankSpec.fraction(0.25).resolve(dims, MODES, spectra, original);
        long parameters = (long) r[0] * r[1] * r[2] + 4L * r[0] + 16L * r[1] + 16L * r[2];
        assertTrue(parameters <= original / 4, "parameters " + parameters);
        assertTrue(r[1] > 1 && r[2] > 1);
        assertThrows(IllegalArgumentException.class, () -> RankSpec.fraction(0.25).resolve(dims, MODES, spectra, 0));
        assertThrows(RankException.class, () -> RankSpec.fraction(0));
        assertThrows(RankException.class, () -> RankSpec.tolerance(1));
    }

    static Spectrum spectrum(double... values) {
        return new Spectrum(values);
    }

    static Spectrum decaying(int size, double ratio) {
        double[] v = new double[size];
        for (int k = 0; k < size; k++) {
            v[k] = Math.pow(ratio, k);
        }
        return new Spectrum(v);
    }
}
