package org.tuckerattention.converter.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * Dense double-precision matrix products, where the heavy flops of the Tucker engine go (Gram
 * matrices, projections). One seam so a fast native backend can replace EJML's Java kernels.
 * Inputs are not modified.
 */
public interface MatrixProducts {

    /** {@code op(a) · op(b)}, where {@code op} transposes when its flag is set. */
    DMatrixRMaj multiply(DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB);

    /** {@code a · b}. */
    default DMatrixRMaj multiply(DMatrixRMaj a, DMatrixRMaj b) {
        return multiply(a, false, b, false);
    }

    /** A short name for reports, e.g. "ejml" or "libtorch". */
    String name();

    /** EJML's pure-Java kernels: always available, a few GFLOP/s. */
    static MatrixProducts ejml() {
        return EjmlProducts.INSTANCE;
    }
}
