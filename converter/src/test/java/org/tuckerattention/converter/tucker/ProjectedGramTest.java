package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tuckerattention.converter.linalg.MatrixProducts;

/**
 * HOOI's update operator applied through the factors equals {@code YYᵀ} of the projected unfolding built
 * entry by entry from the dense tensor, for query (mode 2) and key (mode 3) updates, MHA and GQA.
 */
class ProjectedGramTest {

    @ParameterizedTest(name = "{0} heads, {1} kv heads, mode {2}, {3}")
    @CsvSource({"6, 6, 2, ejml", "6, 2, 2, ejml", "6, 6, 3, ejml", "6, 2, 3, ejml", "6, 2, 2, best", "6, 2, 3, best"})
    void appliesTheGramOfTheProjectedUnfolding(int heads, int kvHeads, int mode, String backend) {
        Random random = new Random(345);
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.standard(random, 24, heads, kvHeads, 4));
        MatrixProducts products = backend.equals("ejml") ? MatrixProducts.ejml() : MatrixProducts.best();
        DMatrixRMaj u1 = orthonormal(random, heads, 3);
        DMatrixRMaj u2 = orthonormal(random, 24, 5);
        DMatrixRMaj u3 = orthonormal(random, 24, 4);
        DMatrixRMaj y = projectedUnfolding(new DenseOracle(x), mode, u1, mode == 2 ? u3 : u2);
        DMatrixRMaj yyt = new DMatrixRMaj(24, 24);
        CommonOps_DDRM.multTransB(y, y, yyt);
        DMatrixRMaj omega = TestTensors.gaussian(random, 24, 7, 1);
        DMatrixRMaj q = orthonormal(random, 24, 7);
        // Applications may run in float32 on a native backend; the Rayleigh quotient is double everywhere.
        double applyTolerance = backend.equals("ejml") ? 1e-12 : 1e-5;
        try (FactorOperands factors = new FactorOperands(x, products)) {
            Projections projections = new Projections(factors);
            ProjectedGram gram = mode == 2 ? projections.modeTwoGram(u1, u3) : projections.modeThreeGram(u1, u2);
            assertTrue(Matrices.relativeDifference(gram.apply(omega), times(yyt, omega)) < applyTolerance);
            DMatrixRMaj rayleigh = new DMatrixRMaj(7, 7);
            CommonOps_DDRM.multTransA(q, times(yyt, q), rayleigh);
            assertTrue(Matrices.relativeDifference(gram.rayleigh(q, products), rayleigh) < 1e-12);
            DMatrixRMaj u = times(q, orthonormal(random, 7, 2));
            DMatrixRMaj f = mode == 2 ? x.left() : x.right();
            DMatrixRMaj ftu = new DMatrixRMaj(f.numCols, 2);
            CommonOps_DDRM.multTransA(f, u, ftu);
            assertTrue(Matrices.relativeDifference(gram.transposedTimes(u), ftu) < 1e-12);
        }
    }

    @Test
    void sevenBillionShapedUpdatesFormTheQuerySourceAndIterateOnTheKeyGram() {
        // Llama-2-7B attention: 32 heads of 128 over d = 4096, ranks [8, 256, 128] (docs/benchmarks.md).
        int[] dims = {32, 4096, 4096};
        int[] ranks = {8, 256, 128};
        assertTrue(Hooi.formsSource(dims, 32, 32, 128, 2, ranks));
        assertFalse(Hooi.formsSource(dims, 32, 32, 128, 3, ranks));
        // At [32, 512, 512] Y would have r1·r3 = 16384 > d columns: both updates iterate through the factors.
        assertFalse(Hooi.formsSource(dims, 32, 32, 128, 2, new int[] {32, 512, 512}));
        assertFalse(Hooi.formsSource(dims, 32, 32, 128, 3, new int[] {32, 512, 512}));
    }

    /** Mode 2: {@code Y[j, (a, c)] = Σ_i Σ_k U1[i,a] x[i][j][k] U3[k,c]}; mode 3 likewise over i and j. */
    private static DMatrixRMaj projectedUnfolding(DenseOracle o, int mode, DMatrixRMaj u1, DMatrixRMaj other) {
        int n = mode == 2 ? o.n2 : o.n3;
        int r1 = u1.numCols;
        int r = other.numCols;
        DMatrixRMaj y = new DMatrixRMaj(n, r1 * r);
        for (int i = 0; i < o.n1; i++) {
            for (int j = 0; j < o.n2; j++) {
                for (int k = 0; k < o.n3; k++) {
                    int row = mode == 2 ? j : k;
                    int along = mode == 2 ? k : j;
                    for (int a = 0; a < r1; a++) {
                        for (int c = 0; c < r; c++) {
                            y.data[row * y.numCols + a * r + c] += u1.get(i, a) * o.x[i][j][k] * other.get(along, c);
                        }
                    }
                }
            }
        }
        return y;
    }

    private static DMatrixRMaj orthonormal(Random random, int rows, int cols) {
        return OrthonormalColumns.orthonormalized(TestTensors.gaussian(random, rows, cols, 1));
    }

    private static DMatrixRMaj times(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }
}
