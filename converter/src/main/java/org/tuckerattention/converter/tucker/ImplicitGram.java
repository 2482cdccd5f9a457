package org.tuckerattention.converter.tucker;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.linalg.Resident;

/**
 * A mode Gram {@code G = F · blockdiag(B) · Fᵀ} of a {@link ModeGram} (F = L_all or R_all, resident in the
 * backend) as a {@link SymmetricOperator}: products in single precision, and the Rayleigh quotient from one
 * double product {@code H = FᵀQ} as {@code Hᵀ·blockdiag(B)·H}, half the flops of {@code Qᵀ(GQ)}. H is kept,
 * so {@code Fᵀu} for the Ritz vectors u (in span Q) costs a small product instead of another pass over F.
 */
final class ImplicitGram implements SymmetricOperator {

    private final MatrixProducts products;
    private final Resident f;
    private final List<DMatrixRMaj> blocks;
    private DMatrixRMaj lastQ;
    private DMatrixRMaj lastH;

    ImplicitGram(MatrixProducts products, Resident f, List<DMatrixRMaj> blocks) {
        this.products = products;
        this.f = f;
        this.blocks = blocks;
    }

    @Override
    public DMatrixRMaj apply(DMatrixRMaj omega) {
        return products.congruence(f, blocks, omega, Precision.SINGLE);
    }

    @Override
    public DMatrixRMaj rayleigh(DMatrixRMaj q, MatrixProducts unused) {
        lastQ = q;
        lastH = products.multiply(f, true, q, false);
        return products.multiply(lastH, true, products.blockDiagonalTimes(blocks, lastH, Precision.DOUBLE), false);
    }

    /** {@code Fᵀu} in double for u (columns) in the span of the last Rayleigh basis Q: {@code H·(Qᵀu)}. */
    DMatrixRMaj transposedTimes(DMatrixRMaj u) {
        if (lastH == null) {
            throw new IllegalStateException("no Rayleigh quotient formed yet");
        }
        return products.multiply(lastH, products.multiply(lastQ, true, u, false));
    }
}
