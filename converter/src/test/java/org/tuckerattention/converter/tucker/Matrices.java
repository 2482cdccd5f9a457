package org.tuckerattention.converter.tucker;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;

/** Matrix comparisons for the tests. */
final class Matrices {

    /** {@code ‖a − b‖_F / ‖b‖_F}. */
    static double relativeDifference(DMatrixRMaj a, DMatrixRMaj b) {
        return NormOps_DDRM.normF(CommonOps_DDRM.subtract(a, b, null)) / NormOps_DDRM.normF(b);
    }

    /** {@code ‖UᵀU − I‖_max}. */
    static double orthonormalityDefect(DMatrixRMaj u) {
        DMatrixRMaj g = new DMatrixRMaj(u.numCols, u.numCols);
        CommonOps_DDRM.multTransA(u, u, g);
        return CommonOps_DDRM.elementMaxAbs(CommonOps_DDRM.subtract(g, CommonOps_DDRM.identity(u.numCols), null));
    }

    /** The sine of the largest principal angle between the column spaces of two orthonormal sets. */
    static double largestPrincipalSine(DMatrixRMaj u, DMatrixRMaj v) {
        DMatrixRMaj m = new DMatrixRMaj(u.numCols, v.numCols);
        CommonOps_DDRM.multTransA(u, v, m);
        double minCos = Double.MAX_VALUE;
        for (double s : SingularOps_DDRM.singularValues(m)) {
            minCos = Math.min(minCos, s);
        }
        return Math.sqrt(Math.max(0, 1 - minCos * minCos));
    }

    private Matrices() {}
}
