package org.tuckerattention.converter.tucker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuckerattention.converter.linalg.MatrixProducts;

/** The triangular inverse, Cholesky QR and the sign convention that every factor of the package goes through. */
class OrthonormalColumnsTest {

    @ParameterizedTest(name = "{0} x {0}")
    @ValueSource(ints = {1, 2, 7, 266})
    void lowerInverseInvertsAndAgreesWithEjml(int m) {
        DMatrixRMaj l = RandomMatrices_DDRM.rectangle(m, m, -1, 1, new Random(345));
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                l.set(i, j, 0);
            }
            l.set(i, i, 2 + Math.abs(l.get(i, i)));
        }
        DMatrixRMaj before = l.copy();
        DMatrixRMaj inverse = OrthonormalColumns.lowerInverse(l);
        assertArrayEquals(before.data, l.data, 0.0);
        DMatrixRMaj product = new DMatrixRMaj(m, m);
        CommonOps_DDRM.mult(l, inverse, product);
        assertTrue(Matrices.relativeDifference(product, CommonOps_DDRM.identity(m)) < 1e-13);
        DMatrixRMaj ejml = l.copy();
        TriangularSolver_DDRM.invertLower(ejml.data, m);
        assertTrue(Matrices.relativeDifference(inverse, ejml) < 1e-13);
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                assertTrue(inverse.get(i, j) == 0, "upper entry " + i + ", " + j);
            }
        }
    }

    @Test
    void choleskyQrIsOrthonormalAndSpansTheSameNestedColumns() {
        DMatrixRMaj m = RandomMatrices_DDRM.rectangle(300, 40, -1, 1, new Random(345));
        DMatrixRMaj q = OrthonormalColumns.choleskyQr(m, MatrixProducts.ejml());
        DMatrixRMaj qtq = new DMatrixRMaj(40, 40);
        CommonOps_DDRM.multTransA(q, q, qtq);
        assertTrue(Matrices.relativeDifference(qtq, CommonOps_DDRM.identity(40)) < 1e-14);
        // R = Qᵀm is upper triangular: column j of m lies in the span of the first j + 1 columns of Q.
        DMatrixRMaj r = new DMatrixRMaj(40, 40);
        CommonOps_DDRM.multTransA(q, m, r);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < i; j++) {
                assertTrue(Math.abs(r.get(i, j)) < 1e-12, "R[" + i + ", " + j + "] = " + r.get(i, j));
            }
        }
        DMatrixRMaj qr = new DMatrixRMaj(300, 40);
        CommonOps_DDRM.mult(q, r, qr);
        assertTrue(Matrices.relativeDifference(qr, m) < 1e-13);
    }

    @Test
    void choleskyQrDeclinesDependentColumns() {
        DMatrixRMaj m = RandomMatrices_DDRM.rectangle(50, 4, -1, 1, new Random(345));
        for (int i = 0; i < 50; i++) {
            m.set(i, 3, m.get(i, 0) - 2 * m.get(i, 1));
        }
        assertNull(OrthonormalColumns.choleskyQr(m, MatrixProducts.ejml()));
    }

    @Test
    void signsMakeEachColumnsLargestEntryPositiveTheFirstOnTies() {
        DMatrixRMaj u = new DMatrixRMaj(3, 3, true,
                1, -2, -1,
                -3, 2, 1,
                2, 1, 0.5);
        OrthonormalColumns.signFixed(u);
        assertArrayEquals(new double[] {-1, 2, 1, 3, -2, -1, -2, -1, -0.5}, u.data, 0.0);
    }
}
