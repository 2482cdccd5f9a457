package org.tuckerattention.converter.tucker;

import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.linalg.Resident;

/**
 * A symmetric operator {@code G = F · N · Fᵀ} with F a factor resident in the backend ({@code L_all} or
 * {@code R_all}) and a structured middle N that is cheap to apply to {@code H = FᵀΩ}: the form of every mode
 * Gram this package iterates on (DESIGN §4.1). Applications run in single precision; the Rayleigh quotient
 * comes from one double product {@code H = FᵀQ} as {@code Hᵀ·N·H}, and H is kept, so {@code Fᵀu} for the
 * Ritz vectors u (in span Q) costs a small product instead of another pass over F.
 */
abstract class FactorCongruence implements SymmetricOperator {

    final MatrixProducts products;
    final Resident f;
    private DMatrixRMaj lastQ;
    private DMatrixRMaj lastH;

    FactorCongruence(MatrixProducts products, Resident f) {
        this.products = products;
        this.f = f;
    }

    /** {@code N · h} for h with as many rows as F has columns. */
    abstract DMatrixRMaj middle(DMatrixRMaj h, Precision precision);

    @Override
    public DMatrixRMaj apply(DMatrixRMaj omega) {
        DMatrixRMaj h = products.multiply(f, true, omega, false, Precision.SINGLE);
        return products.multiply(f, false, middle(h, Precision.SINGLE), false, Precision.SINGLE);
    }

    @Override
    public DMatrixRMaj rayleigh(DMatrixRMaj q, MatrixProducts unused) {
        lastQ = q;
        lastH = products.multiply(f, true, q, false);
        return products.multiply(lastH, true, middle(lastH, Precision.DOUBLE), false);
    }

    /** {@code Fᵀu} in double for u (columns) in the span of the last Rayleigh basis Q: {@code H·(Qᵀu)}. */
    DMatrixRMaj transposedTimes(DMatrixRMaj u) {
        if (lastH == null) {
            throw new IllegalStateException("no Rayleigh quotient formed yet");
        }
        return products.multiply(lastH, products.multiply(lastQ, true, u, false));
    }
}
