package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Parameter counts of the two core storages (DESIGN §5.2) and the error of the head-factored one. */
class CoreStorageTest {

    @Test
    void countsFollowTheirFormulas() {
        int[] dims = {8, 64, 64};
        int[] ranks = {4, 32, 16};
        assertEquals(4 * 32 * 16 + 8 * 4 + 64 * 32 + 64 * 16, CoreStorage.DENSE.parameterCount(dims, 4, 8, ranks));
        assertEquals(8 * 8 * 32 + 4 * 8 * 16 + 64 * 32 + 64 * 16,
                CoreStorage.HEAD_FACTORED.parameterCount(dims, 4, 8, ranks));
    }

    @Test
    void headFactoredIsSmallerThanDenseAtFullRanksOfStories260KShape() {
        // stories260K: nH 8, nKV 4, dH 8, d 64; at the structural ranks (8, 64, 32) the dense core is large.
        int[] dims = {8, 64, 64};
        int[] structural = {8, 64, 32};
        assertTrue(CoreStorage.HEAD_FACTORED.parameterCount(dims, 4, 8, structural)
                < CoreStorage.DENSE.parameterCount(dims, 4, 8, structural));
    }

    @Test
    void headFactoredErrorEqualsTheTuckerErrorWithTheHeadModeUntouched() {
        FactoredTensor x = FactoredTensor.preSoftmax(TestTensors.gqa(new Random(345)));
        TuckerDecomposition t = Hosvd.decompose(x, TuckerOptions.ranks(6, 4, 3));
        DMatrixRMaj u2 = t.factor(2);
        DMatrixRMaj u3 = t.factor(3);
        DenseOracle oracle = new DenseOracle(x);
        double residual = 0;
        for (int i = 0; i < x.heads(); i++) {
            // B_i = A_i C_gᵀ with A_i = U2ᵀL_i, C_g = U3ᵀR_g; the slice is rebuilt as U2 B_i U3ᵀ.
            DMatrixRMaj a = new DMatrixRMaj(4, x.width());
            CommonOps_DDRM.multTransA(u2, x.leftFactor(i), a);
            DMatrixRMaj c = new DMatrixRMaj(3, x.width());
            CommonOps_DDRM.multTransA(u3, x.rightFactor(x.group(i)), c);
            DMatrixRMaj b = new DMatrixRMaj(4, 3);
            CommonOps_DDRM.multTransB(a, c, b);
            DMatrixRMaj u2b = new DMatrixRMaj(x.dims()[1], 3);
            CommonOps_DDRM.mult(u2, b, u2b);
            DMatrixRMaj slice = new DMatrixRMaj(x.dims()[1], x.dims()[2]);
            CommonOps_DDRM.multTransB(u2b, u3, slice);
            for (int p = 0; p < slice.numRows; p++) {
                for (int q = 0; q < slice.numCols; q++) {
                    double d = oracle.x[i][p][q] - slice.get(p, q);
                    residual += d * d;
                }
            }
        }
        double relative = Math.sqrt(residual / oracle.normSquared());
        assertEquals(t.relativeError(), relative, 1e-10 * relative);
    }
}
