package org.tuckerattention.converter.baselines;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * The singular value decomposition of one weight matrix (EJML, float64), and its truncations: the
 * baselines only ever need the best rank-r approximation {@code U_r S_r V_rᵀ} (Eckart–Young) and the
 * squared singular values to plan ranks.
 */
final class LowRank {

    private final int rows;
    private final int cols;
    private final DMatrixRMaj u;
    private final double[] sigma;
    private final DMatrixRMaj vt;

    private LowRank(int rows, int cols, DMatrixRMaj u, double[] sigma, DMatrixRMaj vt) {
        this.rows = rows;
        this.cols = cols;
        this.u = u;
        this.sigma = sigma;
        this.vt = vt;
    }

    /** The compact SVD of {@code m}, singular values in descending order. */
    static LowRank of(Matrix m) {
        DMatrixRMaj a = new DMatrixRMaj(m.rows(), m.cols());
        float[] data = m.data();
        for (int k = 0; k < data.length; k++) {
            a.data[k] = data[k];
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(m.rows(), m.cols(), true, true, true);
        if (!svd.decompose(a)) {
            throw new IllegalStateException("SVD did not converge on a " + m.rows() + " x " + m.cols() + " matrix");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj vt = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
        double[] s = new double[Math.min(w.numRows, w.numCols)];
        for (int k = 0; k < s.length; k++) {
            s[k] = w.get(k, k);
        }
        return new LowRank(m.rows(), m.cols(), u, s, vt);
    }

    /** The most rank this matrix can have: {@code min(rows, cols)}. */
    int fullRank() {
        return sigma.length;
    }

    /** Squared singular values, descending: the energy each rank-one term holds. */
    double[] energies() {
        double[] e = new double[sigma.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = sigma[k] * sigma[k];
        }
        return e;
    }

    /** {@code U_r S_r V_rᵀ} as a float matrix of the original shape; {@code r ≥ fullRank()} gives it back whole. */
    Matrix truncated(int r) {
        int k = Math.min(r, sigma.length);
        DMatrixRMaj us = new DMatrixRMaj(rows, k);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < k; j++) {
                us.set(i, j, u.get(i, j) * sigma[j]);
            }
        }
        DMatrixRMaj vk = CommonOps_DDRM.extract(vt, 0, k, 0, cols);
        DMatrixRMaj p = new DMatrixRMaj(rows, cols);
        CommonOps_DDRM.mult(us, vk, p);
        float[] out = new float[rows * cols];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) p.data[i];
        }
        return new Matrix(rows, cols, out);
    }

    /**
     * Parameters of the matrix stored at rank {@code r}: the two factors {@code r (rows + cols)}, or the
     * dense matrix when that is no more.
     */
    static long storedParameters(int rows, int cols, int r) {
        return Math.min((long) r * (rows + cols), (long) rows * cols);
    }
}
