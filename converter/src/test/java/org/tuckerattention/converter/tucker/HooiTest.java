package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HOOI: the contract, plus monotone refinement of HOSVD (DESIGN §4.2). */
class HooiTest extends DecompositionContract {

    @Override
    TuckerDecomposition decompose(FactoredTensor x, TuckerOptions options) {
        return Hooi.decompose(x, options);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void hosvdErrorIsWithinSqrtThreeOfHooi(TestTensors.Case c) {
        TuckerOptions o = options(new int[] {2, 3, 3});
        double hosvd = Hosvd.decompose(c.tensor(), o).relativeError();
        double hooi = Hooi.decompose(c.tensor(), o.maxIterations(50).tolerance(1e-12)).relativeError();
        assertTrue(hooi <= hosvd, c.name());
        assertTrue(hosvd <= Math.sqrt(3) * hooi, c.name());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void errorHistoryStartsAtHosvdAndNeverIncreases(TestTensors.Case c) {
        TuckerOptions o = options(new int[] {2, 3, 3}).maxIterations(20).tolerance(0);
        TuckerDecomposition t = Hooi.decompose(c.tensor(), o);
        double[] h = t.errorHistory();
        assertEquals(Hosvd.decompose(c.tensor(), o).relativeError(), h[0], 0.0, c.name());
        assertEquals(t.iterations() + 1, h.length);
        for (int k = 1; k < h.length; k++) {
            assertTrue(h[k] <= h[k - 1], c + " sweep " + k);
        }
        assertEquals(h[h.length - 1], t.relativeError(), 0.0);
        assertTrue(h[h.length - 1] < h[0], c + " HOOI improves on HOSVD at these ranks");
    }

    @Test
    void zeroSweepsIsHosvd() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.gqa(new Random(345)));
        TuckerOptions o = TuckerOptions.ranks(3, 4, 4).maxIterations(0);
        TuckerDecomposition hooi = Hooi.decompose(x, o);
        TuckerDecomposition hosvd = Hosvd.decompose(x, o);
        assertEquals(0, hooi.iterations());
        assertArrayEquals(hosvd.core().data, hooi.core().data, 0.0);
        assertArrayEquals(hosvd.errorHistory(), hooi.errorHistory(), 0.0);
    }

    @Test
    void stopsAtTheSweepLimitWhileStillImproving() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.mha(new Random(345)));
        TuckerDecomposition t = Hooi.decompose(x, TuckerOptions.ranks(2, 3, 3).maxIterations(2).tolerance(0));
        assertEquals(2, t.iterations());
        assertFalse(t.converged());
        TuckerDecomposition loose = Hooi.decompose(x, TuckerOptions.ranks(2, 3, 3).tolerance(0.5));
        assertEquals(1, loose.iterations());
        assertTrue(loose.converged());
    }

    @Test
    void randomizedSweepsReachTheEigenResult() {
        FactoredTensor x = TestTensors.decaying(new Random(345), 4, 80, 12, 10, 0.8);
        TuckerOptions o = TuckerOptions.ranks(3, 4, 6).maxIterations(5);
        double eigen = Hooi.decompose(x, o.method(TuckerOptions.Method.EIGEN)).relativeError();
        double randomized = Hooi.decompose(x, o.method(TuckerOptions.Method.RANDOMIZED)).relativeError();
        assertEquals(eigen, randomized, 1e-6 * eigen);
    }
}
