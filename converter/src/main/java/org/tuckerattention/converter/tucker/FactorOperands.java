package org.tuckerattention.converter.tucker;

import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Resident;

/**
 * The big factors {@code L_all} (I2 × nH·w) and {@code R_all} (I3 × nG·w) of a {@link FactoredTensor},
 * made resident in the products backend for the many products of one decomposition (DESIGN §4.1, §11):
 * a native backend then copies each in once instead of on every product, which at d = 4096 costs more
 * than the product itself. Close it when the decomposition is done; the tensor is not modified.
 */
final class FactorOperands implements AutoCloseable {

    private final FactoredTensor x;
    private final MatrixProducts products;
    private final Resident left;
    private final Resident right;

    FactorOperands(FactoredTensor x, MatrixProducts products) {
        this.x = x;
        this.products = products;
        this.left = products.resident(x.left(), x.width());
        Resident r;
        try {
            r = products.resident(x.right(), x.width());
        } catch (RuntimeException | Error e) {
            left.close();
            throw e;
        }
        this.right = r;
    }

    FactoredTensor tensor() {
        return x;
    }

    MatrixProducts products() {
        return products;
    }

    /** {@code L_all} as held by the backend. */
    Resident leftResident() {
        return left;
    }

    /** {@code R_all} as held by the backend. */
    Resident rightResident() {
        return right;
    }

    /** {@code L_allᵀ · b}. */
    DMatrixRMaj leftTransposed(DMatrixRMaj b) {
        return products.multiply(left, true, b, false);
    }

    /** {@code R_allᵀ · b}. */
    DMatrixRMaj rightTransposed(DMatrixRMaj b) {
        return products.multiply(right, true, b, false);
    }

    @Override
    public void close() {
        try {
            left.close();
        } finally {
            right.close();
        }
    }
}
