package org.tuckerattention.converter.tucker;

import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;

/** A symmetric positive semi-definite n × n operator known only through its products, for {@link SubspaceIteration}. */
@FunctionalInterface
interface SymmetricOperator {

    /** {@code G · Ω} for an n × k block, possibly in single precision; {@code omega} is not modified. */
    DMatrixRMaj apply(DMatrixRMaj omega);

    /** {@code Qᵀ G Q} (k × k) for orthonormal Q, in double unless {@link #apply} is; Q is not modified. */
    default DMatrixRMaj rayleigh(DMatrixRMaj q, MatrixProducts products) {
        return products.multiply(q, true, apply(q), false);
    }
}
