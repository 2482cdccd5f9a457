package org.tuckerattention.converter.tucker;

import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.linalg.Resident;

/**
 * HOOI's update operator (DESIGN §4.2): the mode-2 (or mode-3) Gram {@code Y Yᵀ} of the tensor projected on
 * the two other factors, applied through the factors instead of forming Y (I × r1·r3). With
 * {@code Y_a = Σ_i U1[i,a] F_b(i) S_i}, where F is {@code L_all} and {@code S_i = R_g(i)ᵀU3} (mode 2) or F is
 * {@code R_all} and {@code S_i = L_iᵀU2} (mode 3),
 * {@code Y Yᵀ = F · N · Fᵀ} with {@code N_ij = Π_ij S_i S_jᵀ} and {@code Π = U1 U1ᵀ}. Applying N to
 * {@code H = FᵀΩ} takes products of w-row blocks only ({@code (S_iᵀH_i)}, mixed by Π, then {@code S_i·}),
 * so an application costs two passes over F with k columns, not the forming of Y and its Gram.
 */
final class ProjectedGram extends FactorCongruence {

    private final DMatrixRMaj inner;
    private final DMatrixRMaj mix;
    private final int width;
    private final int headsPerBlock;

    /**
     * @param f the resident factor, nB column blocks of {@code width}
     * @param inner {@code S_i} stacked per head (nH·w × r)
     * @param u1 the head factor (nH × r1), orthonormal columns
     * @param headsPerBlock heads reading each column block of f (1 for L_all, nH/nG for R_all)
     */
    ProjectedGram(MatrixProducts products, Resident f, DMatrixRMaj inner, DMatrixRMaj u1, int width,
            int headsPerBlock) {
        super(products, f);
        this.inner = inner;
        this.mix = products.multiply(u1, false, u1, true);
        this.width = width;
        this.headsPerBlock = headsPerBlock;
    }

    @Override
    DMatrixRMaj middle(DMatrixRMaj h, Precision precision) {
        return products.mixedCongruence(inner, mix, h, width, headsPerBlock, precision);
    }
}
