package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tuckerattention.converter.linalg.MatrixProducts;

/**
 * HOSVD and HOOI under AUTO on a tensor wide enough (d = 600 > 512) for the fast paths: randomized range
 * finding in single precision, the head factor from the projected tensor, Cholesky QR, and HOOI's
 * updates by subspace iteration through the factors ({@link ProjectedGram}) or on the small Gram of Y.
 * Whatever precision steers them, the factors must be orthonormal, the core their exact projection and
 * the reported errors exact, checked against double oracles.
 */
class WideTensorTest {

    /** GQA, nH 12, nKV 4, d 600, dH 20: query mode rank 240, key mode rank 80. */
    private static FactoredTensor x;
    private static DenseOracle oracle;
    /** Both HOOI updates iterate through the factors (randomized: ranks below d / 4, Y and Z too costly to form). */
    private static final int[] RANKS = {7, 140, 75};
    /** r2 ≥ d / 4 with r1·r3 = 525 > 512: U2 from subspace iteration on the small Gram of Y formed; U3 as above. */
    private static final int[] SMALL_GRAM_RANKS = {7, 160, 75};

    @BeforeAll
    static void tensor() {
        x = FactoredTensor.preSoftmax(TestTensors.standard(new Random(345), 600, 12, 4, 20));
        oracle = new DenseOracle(x);
    }

    private static TuckerOptions options() {
        return options(RANKS);
    }

    private static TuckerOptions options(int[] ranks) {
        return TuckerOptions.ranks(ranks[0], ranks[1], ranks[2]).products(MatrixProducts.best());
    }

    @Test
    void hosvdCoreAndErrorAreExactAndTheHeadFactorComesFromTheProjection() {
        TuckerDecomposition t = Hosvd.decompose(x, options());
        checkExact(t);
        double coreFree = Hosvd.relativeError(new ModeGram(x, MatrixProducts.best()), options());
        assertEquals(t.relativeError(), coreFree, 1e-10 * t.relativeError());
        DMatrixRMaj p = projectedSlices(t.factor(2), t.factor(3));
        DMatrixRMaj head = SymmetricEigen.of(MatrixProducts.ejml().multiply(p, false, p, true)).leading(RANKS[0]);
        assertTrue(Matrices.relativeDifference(t.factor(1), head) < 1e-8);
    }

    @ParameterizedTest(name = "ranks {0}, {1}, {2}")
    @CsvSource({"7, 140, 75", "7, 160, 75"})
    void hooiIsExactNeverWorseAndWithinSqrtThreeOfHosvd(int r1, int r2, int r3) {
        int[] ranks = {r1, r2, r3};
        // Which update paths run: U3 always through the factors, U2 too unless r2 is too large to randomize.
        assertEquals(r2 != SMALL_GRAM_RANKS[1], options(ranks).randomized(600, r2)
                && !Hooi.formsSource(x.dims(), x.heads(), x.groups(), x.width(), 2, ranks));
        assertFalse(Hooi.formsSource(x.dims(), x.heads(), x.groups(), x.width(), 3, ranks));
        TuckerDecomposition hosvd = Hosvd.decompose(x, options(ranks));
        TuckerDecomposition hooi = Hooi.decompose(x, options(ranks).maxIterations(3).tolerance(0));
        checkExact(hooi);
        double[] h = hooi.errorHistory();
        // HOOI starts from a HOSVD with one power iteration fewer: the history begins with exactly its error.
        ModeGram gram = new ModeGram(x, MatrixProducts.best());
        TuckerDecomposition start = Hosvd.decompose(gram, options(ranks), Hooi.START_POWER_ITERATIONS);
        checkExact(start);
        assertEquals(start.relativeError(), h[0], 0.0);
        assertEquals(hosvd.relativeError(), Hosvd.decompose(gram, options(ranks),
                SubspaceIteration.POWER_ITERATIONS).relativeError(), 0.0);
        for (int k = 1; k < h.length; k++) {
            assertTrue(h[k] <= h[k - 1], "sweep " + k);
        }
        assertTrue(hooi.relativeError() < hosvd.relativeError());
        assertTrue(hosvd.relativeError() <= Math.sqrt(3) * hooi.relativeError());
    }

    @Test
    void nativeAndJavaProductsAgreeAndSeedsRepeat() {
        TuckerOptions o = options().maxIterations(2);
        TuckerDecomposition fast = Hooi.decompose(x, o);
        TuckerDecomposition java = Hooi.decompose(x, o.products(MatrixProducts.ejml()));
        // Different rounding steers the iterations slightly differently: the same fit, not the same bits.
        assertEquals(java.relativeError(), fast.relativeError(), 1e-5 * java.relativeError());
        TuckerDecomposition again = Hooi.decompose(x, o);
        assertArrayEquals(fast.core().data, again.core().data, 0.0);
    }

    /** Orthonormal sign-fixed factors, core = projection (EJML, double), error = direct residual. */
    private static void checkExact(TuckerDecomposition t) {
        for (int n = 1; n <= 3; n++) {
            assertTrue(Matrices.orthonormalityDefect(t.factor(n)) < 1e-12, "mode " + n);
        }
        DMatrixRMaj core = MatrixProducts.ejml().multiply(t.factor(1), true, projectedSlices(t.factor(2), t.factor(3)), false);
        assertTrue(Matrices.relativeDifference(t.core(), core) < 1e-10);
        double residual = oracle.relativeResidual(t);
        assertEquals(residual, t.relativeError(), 1e-10 * residual);
    }

    /** Row i: the row-major {@code U2ᵀ L_i R_g(i)ᵀ U3}, by EJML in double. */
    private static DMatrixRMaj projectedSlices(DMatrixRMaj u2, DMatrixRMaj u3) {
        DMatrixRMaj p = new DMatrixRMaj(x.heads(), u2.numCols * u3.numCols);
        for (int i = 0; i < x.heads(); i++) {
            DMatrixRMaj a = new DMatrixRMaj(u2.numCols, x.width());
            CommonOps_DDRM.multTransA(u2, x.leftFactor(i), a);
            DMatrixRMaj c = new DMatrixRMaj(x.width(), u3.numCols);
            CommonOps_DDRM.multTransA(x.rightFactor(x.group(i)), u3, c);
            DMatrixRMaj slice = new DMatrixRMaj(u2.numCols, u3.numCols);
            CommonOps_DDRM.mult(a, c, slice);
            System.arraycopy(slice.data, 0, p.data, i * p.numCols, p.numCols);
        }
        return p;
    }
}
