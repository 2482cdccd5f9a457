package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.tuckerattention.converter.linalg.MatrixProducts;

/** Randomized subspace iteration on the implicit Grams against the full eigendecomposition (DESIGN §4.1). */
class RandomizedMethodTest {

    private final FactoredTensor decaying = TestTensors.decaying(new Random(345), 4, 80, 12, 10, 0.8);

    @Test
    void findsTheLeadingSubspaceOfADecayingSpectrum() {
        TuckerOptions o = TuckerOptions.ranks(3, 4, 6);
        TuckerDecomposition eigen = Hosvd.decompose(decaying, o.method(TuckerOptions.Method.EIGEN));
        TuckerDecomposition randomized = Hosvd.decompose(decaying, o.method(TuckerOptions.Method.RANDOMIZED));
        // Mode 2 (dimension 80, rank 4) is where the range finder does real work: k = 14 of 80.
        assertTrue(Matrices.largestPrincipalSine(eigen.factor(2), randomized.factor(2)) < 1e-6);
        assertEquals(eigen.relativeError(), randomized.relativeError(), 1e-9);
        // Same subspace and same sign convention: the same vectors.
        assertTrue(Matrices.relativeDifference(randomized.factor(2), eigen.factor(2)) < 1e-5);
    }

    @Test
    void isDeterministicForASeedAndCloseAcrossSeeds() {
        TuckerOptions o = TuckerOptions.ranks(3, 4, 6).method(TuckerOptions.Method.RANDOMIZED);
        DMatrixRMaj a = Hosvd.decompose(decaying, o.seed(1)).factor(2);
        DMatrixRMaj b = Hosvd.decompose(decaying, o.seed(1)).factor(2);
        DMatrixRMaj c = Hosvd.decompose(decaying, o.seed(2)).factor(2);
        assertArrayEquals(a.data, b.data, 0.0);
        assertTrue(Matrices.largestPrincipalSine(a, c) < 1e-6);
    }

    @Test
    void returnsOrthonormalSignFixedVectorsOfAnExplicitOperator() {
        ModeGram gram = new ModeGram(decaying, MatrixProducts.ejml());
        DMatrixRMaj u = SubspaceIteration.leading(
                omega -> gram.apply(2, omega), 80, 5, null, new Random(345), MatrixProducts.ejml());
        assertEquals(80, u.numRows);
        assertEquals(5, u.numCols);
        assertTrue(Matrices.orthonormalityDefect(u) < 1e-12);
        DMatrixRMaj exact = SymmetricEigen.of(gram.gram(2)).leading(5);
        assertTrue(Matrices.largestPrincipalSine(u, exact) < 1e-6);
    }

    @Test
    void autoPicksRandomizedOnlyForLargeDimensionsAndSmallRanks() {
        TuckerOptions auto = TuckerOptions.ranks(1, 1, 1);
        assertTrue(auto.randomized(4096, 256));
        assertTrue(auto.randomized(600, 149));
        assertFalse(auto.randomized(600, 150));
        assertFalse(auto.randomized(512, 8));
        assertTrue(auto.method(TuckerOptions.Method.RANDOMIZED).randomized(8, 8));
        assertFalse(auto.method(TuckerOptions.Method.EIGEN).randomized(4096, 8));
    }
}
