package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tuckerattention.converter.linalg.MatrixProducts;

/** HOSVD: the contract, plus what is particular to it. */
class HosvdTest extends DecompositionContract {

    @Override
    TuckerDecomposition decompose(FactoredTensor x, TuckerOptions options) {
        return Hosvd.decompose(x, options);
    }

    @Test
    void factorsAreTheLeadingEigenvectorsOfTheModeGrams() {
        FactoredTensor x = FactoredTensor.postSoftmax(TestTensors.gqa(new Random(345)));
        TuckerDecomposition t = Hosvd.decompose(x, TuckerOptions.ranks(3, 4, 4));
        DenseOracle oracle = new DenseOracle(x);
        for (int n = 1; n <= 3; n++) {
            DMatrixRMaj u = t.factor(n);
            DMatrixRMaj gu = MatrixProducts.ejml().multiply(oracle.gram(n), u);
            DMatrixRMaj rayleigh = MatrixProducts.ejml().multiply(u, true, gu, false);
            // G U = U Λ: the Gram maps the factor's columns onto themselves, scaled.
            DMatrixRMaj back = MatrixProducts.ejml().multiply(u, rayleigh);
            assertTrue(Matrices.relativeDifference(back, gu) < 1e-10, "mode " + n);
        }
    }

    @Test
    void isOneResultWithNoSweeps() {
        TuckerDecomposition t = Hosvd.decompose(
                FactoredTensor.preSoftmax(TestTensors.mha(new Random(345))), TuckerOptions.ranks(2, 4, 4));
        assertEquals(0, t.iterations());
        assertTrue(t.converged());
        assertArrayEquals(new double[] {t.relativeError()}, t.errorHistory(), 0.0);
    }

    @Test
    void gramsFormedOnceServeSeveralRankTriples() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.mha(new Random(345)));
        ModeGram gram = new ModeGram(x, MatrixProducts.ejml());
        double previous = 1;
        for (int r : new int[] {2, 4, 8, 12}) {
            TuckerDecomposition t = Hosvd.decompose(gram, TuckerOptions.ranks(4, r, r));
            assertEquals(Hosvd.decompose(x, TuckerOptions.ranks(4, r, r)).relativeError(), t.relativeError(), 0.0);
            assertTrue(t.relativeError() < previous);
            previous = t.relativeError();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.tuckerattention.converter.tucker.TestTensors#all")
    void errorWithoutTheCoreEqualsTheDecompositionsError(TestTensors.Case c) {
        ModeGram gram = new ModeGram(c.tensor(), MatrixProducts.ejml());
        int[] dims = c.tensor().dims();
        // Down to rank 1, and at full rank, where a rank report's structural candidate sits.
        for (int[] ranks : new int[][] {{1, 1, 1}, {2, 2, 2}, dims, {dims[0], dims[1] / 2, dims[2]}}) {
            TuckerOptions options = TuckerOptions.ranks(ranks[0], ranks[1], ranks[2]);
            double expected = Hosvd.decompose(gram, options).relativeError();
            double actual = Hosvd.relativeError(gram, options);
            // Both are sqrt(1 - ‖C‖²/‖X‖²); the ratios agree to rounding, which the root magnifies near zero.
            assertEquals(expected * expected, actual * actual, 1e-13, c + " " + ranks[1]);
            if (expected > 1e-3) {
                assertEquals(expected, actual, 1e-10 * expected, c + " " + ranks[1]);
            }
        }
    }
}
