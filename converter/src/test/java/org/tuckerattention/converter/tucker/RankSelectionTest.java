package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tuckerattention.converter.ranks.RankSpec;

/** Tolerance and fraction rank specs resolved from the mode spectra inside HOSVD and HOOI (DESIGN §4.2). */
class RankSelectionTest {

    static List<TestTensors.Case> cases() {
        return TestTensors.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void toleranceIsMet(TestTensors.Case c) {
        TuckerOptions o = TuckerOptions.ranks(RankSpec.tolerance(0.3));
        TuckerDecomposition t = Hosvd.decompose(c.tensor(), o);
        assertTrue(t.relativeError() <= 0.3, c + " error " + t.relativeError());
        assertTrue(new DenseOracle(c.tensor()).relativeResidual(t) <= 0.3, c.name());
        assertTrue(t.parameterCount() < CoreStorage.DENSE.parameterCount(c.tensor(), c.tensor().dims()), c.name());
        assertTrue(Hooi.decompose(c.tensor(), o).relativeError() <= t.relativeError(), c.name());
    }

    @Test
    void aTightToleranceFindsTheStructuralRanksOfGqa() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.gqa(new Random(345)));
        TuckerDecomposition t = Hosvd.decompose(x, TuckerOptions.ranks(RankSpec.tolerance(1e-6)));
        // Key mode: nKV·dH = 6 of 10; the rest is rounding noise far below the tolerance.
        assertArrayEquals(new int[] {6, 10, 6}, t.ranks());
        assertTrue(t.relativeError() < 1e-6);
    }

    @Test
    void fractionStaysWithinItsShareOfTheOriginalParameters() {
        FactoredTensor x = FactoredTensor.postSoftmax(TestTensors.mha(new Random(345)));
        // The original value-output parameters: V_i (12 × 3) and O_i (3 × 12) for 4 heads.
        long original = 2L * 4 * 3 * 12;
        TuckerOptions o = TuckerOptions.ranks(RankSpec.fraction(0.5)).originalParameters(original);
        TuckerDecomposition t = Hooi.decompose(x, o);
        assertTrue(t.parameterCount() <= original / 2, "parameters " + t.parameterCount());
        assertTrue(t.relativeError() < 1);
        assertThrows(IllegalArgumentException.class,
                () -> Hosvd.decompose(x, TuckerOptions.ranks(RankSpec.fraction(0.5))));
    }

    @Test
    void aZeroTensorHasZeroError() {
        FactoredTensor zero = FactoredTensor.of(
                new DMatrixRMaj(5, 6), new DMatrixRMaj(4, 6), 2, 2, FactoredTensor.PRE_SOFTMAX_MODES);
        TuckerDecomposition t = Hooi.decompose(zero, TuckerOptions.ranks(1, 2, 2));
        assertEquals(0, t.relativeError());
        assertEquals(0, t.normSquared());
        assertTrue(Matrices.orthonormalityDefect(t.factor(2)) < 1e-15);
    }
}
