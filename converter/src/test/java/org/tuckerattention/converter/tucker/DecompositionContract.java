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
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * What every Tucker decomposition of a {@link FactoredTensor} must satisfy, checked against a dense
 * oracle on small MHA, GQA, MQA and MLA tensors (STYLE §8, EJML's StandardSvdChecks idea).
 */
abstract class DecompositionContract {

    abstract TuckerDecomposition decompose(FactoredTensor x, TuckerOptions options);

    static List<TestTensors.Case> cases() {
        return TestTensors.all();
    }

    /** Truncated ranks (I1 − 1, I2 / 2, I3 / 2): valid for every case. */
    static int[] truncated(FactoredTensor x) {
        int[] d = x.dims();
        return new int[] {d[0] - 1, d[1] / 2, d[2] / 2};
    }

    static TuckerOptions options(int[] r) {
        return TuckerOptions.ranks(r[0], r[1], r[2]);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void coreIsTheProjectionOnTheFactors(TestTensors.Case c) {
        TuckerDecomposition t = decompose(c.tensor(), options(truncated(c.tensor())));
        DMatrixRMaj oracle = new DenseOracle(c.tensor()).project(t.factor(1), t.factor(2), t.factor(3));
        assertTrue(Matrices.relativeDifference(t.core(), oracle) < 1e-10, c.name());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void errorFromNormsEqualsTheDirectResidual(TestTensors.Case c) {
        TuckerDecomposition t = decompose(c.tensor(), options(truncated(c.tensor())));
        double residual = new DenseOracle(c.tensor()).relativeResidual(t);
        assertTrue(residual > 0.01, c + " truncation must lose something");
        assertEquals(residual, t.relativeError(), 1e-10 * residual, c.name());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fullRankReproducesInputToMachinePrecision(TestTensors.Case c) {
        TuckerDecomposition t = decompose(c.tensor(), options(c.tensor().dims()));
        assertTrue(new DenseOracle(c.tensor()).relativeResidual(t) < 1e-12, c.name());
        assertTrue(t.relativeError() < 1e-7, c + " (the norm identity resolves ~1e-8)");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void factorsAreOrthonormalWithTheLargestEntryOfEachColumnPositive(TestTensors.Case c) {
        TuckerDecomposition t = decompose(c.tensor(), options(truncated(c.tensor())));
        for (int n = 1; n <= 3; n++) {
            DMatrixRMaj u = t.factor(n);
            assertEquals(c.tensor().dims()[n - 1], u.numRows);
            assertEquals(truncated(c.tensor())[n - 1], u.numCols);
            assertTrue(Matrices.orthonormalityDefect(u) < 1e-12, c + " mode " + n);
            for (int j = 0; j < u.numCols; j++) {
                double largest = 0;
                for (int i = 0; i < u.numRows; i++) {
                    largest = Math.abs(u.get(i, j)) > Math.abs(largest) ? u.get(i, j) : largest;
                }
                assertTrue(largest > 0, c + " mode " + n + " column " + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parameterCountIsCoreAndFactors(TestTensors.Case c) {
        int[] r = truncated(c.tensor());
        int[] d = c.tensor().dims();
        TuckerDecomposition t = decompose(c.tensor(), options(r));
        assertArrayEquals(r, t.ranks());
        assertEquals((long) r[0] * r[1] * r[2] + d[0] * r[0] + d[1] * r[1] + d[2] * r[2], t.parameterCount());
        assertEquals(CoreStorage.DENSE.parameterCount(c.tensor(), r), t.parameterCount());
    }

    @Test
    void sameSeedGivesIdenticalFactorsAndSigns() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.gqa(new Random(345)));
        for (TuckerOptions.Method m : TuckerOptions.Method.values()) {
            TuckerOptions o = options(truncated(x)).method(m).seed(7);
            TuckerDecomposition a = decompose(x, o);
            TuckerDecomposition b = decompose(x, o);
            for (int n = 1; n <= 3; n++) {
                assertArrayEquals(a.factor(n).data, b.factor(n).data, 0.0, m + " mode " + n);
            }
            assertArrayEquals(a.core().data, b.core().data, 0.0, m.name());
        }
    }

    @Test
    void randomizedMatchesEigenWhenOversamplingCoversTheDimension() {
        // Here r + 10 ≥ I_n, so the randomized range is the whole space and the result is exact.
        for (TestTensors.Case c : cases()) {
            TuckerOptions o = options(truncated(c.tensor()));
            double eigen = decompose(c.tensor(), o.method(TuckerOptions.Method.EIGEN)).relativeError();
            double randomized = decompose(c.tensor(), o.method(TuckerOptions.Method.RANDOMIZED)).relativeError();
            assertEquals(eigen, randomized, 1e-10, c.name());
        }
    }

    @Test
    void inputIsNotModified() {
        AttentionWeights w = TestTensors.mha(new Random(345));
        float[] wq = w.wq().data().clone();
        float[] wk = w.wk().data().clone();
        FactoredTensor x = FactoredTensor.preSoftmax(w);
        DMatrixRMaj left = x.leftFactor(2);
        DMatrixRMaj right = x.rightFactor(3);
        decompose(x, options(truncated(x)).method(TuckerOptions.Method.RANDOMIZED));
        decompose(x, options(truncated(x)));
        assertArrayEquals(wq, w.wq().data());
        assertArrayEquals(wk, w.wk().data());
        assertArrayEquals(left.data, x.leftFactor(2).data, 0.0);
        assertArrayEquals(right.data, x.rightFactor(3).data, 0.0);
    }

    @Test
    void rejectsARankAboveItsDimensionNamingTheMode() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.mha(new Random(345)));
        RankException e = assertThrows(RankException.class, () -> decompose(x, TuckerOptions.ranks(4, 13, 6)));
        assertEquals("rank 13 for mode 'query' exceeds its dimension 12", e.getMessage());
        FactoredTensor post = FactoredTensor.postSoftmax(TestTensors.mha(new Random(345)));
        e = assertThrows(RankException.class, () -> decompose(post, TuckerOptions.ranks(4, 2, 1)));
        assertEquals("rank 4 for mode 'head' exceeds the product 2 of the other two ranks", e.getMessage());
    }
}
