package org.tuckerattention.converter.tucker;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.linalg.Resident;

/**
 * A mode Gram {@code G = F · blockdiag(B) · Fᵀ} of a {@link ModeGram} (F = L_all or R_all, resident in the
 * backend), for HOSVD's randomized subspace iteration; an application is one fused chunked product.
 */
final class ImplicitGram extends FactorCongruence {

    private final List<DMatrixRMaj> blocks;

    ImplicitGram(MatrixProducts products, Resident f, List<DMatrixRMaj> blocks) {
        super(products, f);
        this.blocks = blocks;
    }

    @Override
    public DMatrixRMaj apply(DMatrixRMaj omega) {
        return products.congruence(f, blocks, omega, Precision.SINGLE);
    }

    @Override
    DMatrixRMaj middle(DMatrixRMaj h, Precision precision) {
        return products.blockDiagonalTimes(blocks, h, precision);
    }
}
