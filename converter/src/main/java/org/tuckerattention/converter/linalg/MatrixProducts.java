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

    /**
     * {@code a} held by the backend for several products with the same big operand, so it is copied
     * in once rather than on every call. The caller closes it; {@code a} must not change meanwhile.
     */
    default Resident resident(DMatrixRMaj a) {
        return new Resident(a, null, () -> { });
    }

    /** {@code op(a) · op(b)} for an operand made resident by this backend. */
    default DMatrixRMaj multiply(Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        return multiply(a.matrix(), transposeA, b, transposeB);
    }

    /** {@code aᵀa}; backends may form only one triangle of the symmetric result and mirror it. */
    default DMatrixRMaj gram(DMatrixRMaj a) {
        return multiply(a, true, a, false);
    }

    /** A short name for reports, e.g. "ejml" or "libtorch". */
    String name();

    /** EJML's pure-Java kernels: always available, a few GFLOP/s. */
    static MatrixProducts ejml() {
        return EjmlProducts.INSTANCE;
    }

    /**
     * libtorch's float64 matmul when DJL's PyTorch engine loads here (5-10x EJML's speed on 4096-sized
     * products on 2 cores), otherwise {@link #ejml()}; chosen once per JVM and never throws (DESIGN §11).
     */
    static MatrixProducts best() {
        return BestProducts.PRODUCTS;
    }

    /** Why {@link #best()} chose its backend: engine and versions, or the loading failure. */
    static String bestReason() {
        return BestProducts.REASON;
    }
}
