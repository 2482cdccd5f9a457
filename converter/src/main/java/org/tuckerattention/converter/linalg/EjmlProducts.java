package org.tuckerattention.converter.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** {@link MatrixProducts} by EJML's row-major kernels. */
final class EjmlProducts implements MatrixProducts {

    static final EjmlProducts INSTANCE = new EjmlProducts();

    @Override
    public DMatrixRMaj multiply(DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        int rows = transposeA ? a.numCols : a.numRows;
        int cols = transposeB ? b.numRows : b.numCols;
        DMatrixRMaj c = new DMatrixRMaj(rows, cols);
        if (transposeA && transposeB) {
            CommonOps_DDRM.multTransAB(a, b, c);
        } else if (transposeA) {
            CommonOps_DDRM.multTransA(a, b, c);
        } else if (transposeB) {
            CommonOps_DDRM.multTransB(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
        return c;
    }

    @Override
    public String name() {
        return "ejml";
    }
}
