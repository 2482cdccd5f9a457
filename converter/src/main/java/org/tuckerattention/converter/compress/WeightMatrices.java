package org.tuckerattention.converter.compress;

import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.formats.tensor.Matrix;

/** Float weights as double matrices for the engine, and the per-head blocks of products with them. */
final class WeightMatrices {

    /** {@code m} in double, same orientation. */
    static DMatrixRMaj of(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        float[] v = m.data();
        for (int k = 0; k < v.length; k++) {
            d.data[k] = v[k];
        }
        return d;
    }

    /** {@code mᵀ} in double. */
    static DMatrixRMaj transposed(Matrix m) {
        DMatrixRMaj t = new DMatrixRMaj(m.cols(), m.rows());
        float[] v = m.data();
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                t.data[c * m.rows() + r] = v[r * m.cols() + c];
            }
        }
        return t;
    }

    /**
     * The head blocks of {@code p} (heads·w × r, rows {@code h·w + k}) as a {@code [heads, r, w]}
     * row-major array times {@code scale}: block h is {@code (rows of head h)ᵀ}, e.g. {@code U2ᵀQ_h}
     * when {@code p = wq U2}.
     */
    static double[] headBlocks(DMatrixRMaj p, int heads, int w, double scale) {
        int r = p.numCols;
        double[] out = new double[heads * r * w];
        for (int h = 0; h < heads; h++) {
            for (int a = 0; a < r; a++) {
                for (int k = 0; k < w; k++) {
                    out[(h * r + a) * w + k] = scale * p.data[(h * w + k) * r + a];
                }
            }
        }
        return out;
    }

    /** The row-major values of {@code m} times {@code scale}. */
    static double[] values(DMatrixRMaj m, double scale) {
        double[] out = new double[m.getNumElements()];
        for (int k = 0; k < out.length; k++) {
            out[k] = scale * m.data[k];
        }
        return out;
    }

    private WeightMatrices() {}
}
