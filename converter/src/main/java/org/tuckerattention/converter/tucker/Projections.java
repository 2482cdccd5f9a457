package org.tuckerattention.converter.tucker;

import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.BlockProducts;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.linalg.Resident;

/**
 * The tensor X projected on some of its factors, computed slice by slice from {@code L_i}, {@code R_g}
 * (DESIGN §4.1): the projected slices {@code P_i = (U2ᵀL_i)(R_g(i)ᵀU3)} that give the core and U1, in
 * double, and the matrices whose leading left singular vectors are HOOI's U2 and U3 (DESIGN §4.2), at
 * single precision where the backend has it: they only steer the factor updates, whose results are
 * orthonormalised and projected in double. The latest {@code L_allᵀU2} and {@code R_allᵀU3} are kept, so
 * a HOOI sweep forms each once. For large dimensions and small ranks HOOI does not form Y and Z at all but
 * iterates on their Grams through the factors ({@link #modeTwoGram}, {@link #modeThreeGram}). X is not modified; not thread-safe.
 */
final class Projections {

    private final FactoredTensor x;
    private final MatrixProducts products;
    private final FactorOperands factors;
    private DMatrixRMaj lastU2;
    private DMatrixRMaj lastA;
    private DMatrixRMaj lastU3;
    private DMatrixRMaj lastC;

    Projections(FactorOperands factors) {
        this.x = factors.tensor();
        this.products = factors.products();
        this.factors = factors;
    }

    FactorOperands factors() {
        return factors;
    }

    /** Takes {@code projection} as {@code L_allᵀu} (mode 2) or {@code R_allᵀu} (mode 3), computed elsewhere in double. */
    void remember(int mode, DMatrixRMaj u, DMatrixRMaj projection) {
        if (mode == 2) {
            lastU2 = u;
            lastA = projection;
        } else if (mode == 3) {
            lastU3 = u;
            lastC = projection;
        } else {
            throw new IllegalArgumentException("projections are kept for modes 2 and 3, not " + mode);
        }
    }

    /** {@code P} (nH × r2·r3), row i the row-major r2 × r3 slice {@code P_i = (U2ᵀL_i)(R_g(i)ᵀU3)}. */
    DMatrixRMaj slices(DMatrixRMaj u2, DMatrixRMaj u3) {
        return products.blockTransposedProducts(leftProjection(u2), perHead(rightProjection(u3)), x.width());
    }

    /**
     * {@code P Pᵀ} (nH × nH) without forming P: {@code <P_i, P_j>_F = <A_iA_jᵀ, C_g(i)C_g(j)ᵀ>_F} with
     * {@code A = L_allᵀU2}, {@code C = R_allᵀU3}, in double.
     */
    DMatrixRMaj sliceGram(DMatrixRMaj u2, DMatrixRMaj u3) {
        DMatrixRMaj a = leftProjection(u2);
        DMatrixRMaj c = rightProjection(u3);
        return ModeGram.headGram(x, products.multiply(a, false, a, true), products.multiply(c, false, c, true));
    }

    /** {@code Y = [Y_1 … Y_r1]} (I2 × r1·r3), {@code Y_a = Σ_i U1[i,a] L_i (R_g(i)ᵀU3)}: HOOI's U2 source, left in the backend; the caller closes it. */
    Resident modeTwo(DMatrixRMaj u1, DMatrixRMaj u3) {
        return products.mixedBlocks(
                factors.leftResident(), 1, perHead(rightProjection(u3)), u1, Precision.SINGLE);
    }

    /** {@code Z = [Z_1 … Z_r1]} (I3 × r1·r2), {@code Z_a = Σ_i U1[i,a] R_g(i) (L_iᵀU2)}: HOOI's U3 source, left in the backend; the caller closes it. */
    Resident modeThree(DMatrixRMaj u1, DMatrixRMaj u2) {
        return products.mixedBlocks(
                factors.rightResident(), x.heads() / x.groups(), leftProjection(u2), u1, Precision.SINGLE);
    }

    /** {@code Y Yᵀ} for HOOI's U2 update, applied through {@code L_all} without forming Y. */
    ProjectedGram modeTwoGram(DMatrixRMaj u1, DMatrixRMaj u3) {
        return new ProjectedGram(products, factors.leftResident(), perHead(rightProjection(u3)), u1, x.width(), 1);
    }

    /** {@code Z Zᵀ} for HOOI's U3 update, applied through {@code R_all} without forming Z. */
    ProjectedGram modeThreeGram(DMatrixRMaj u1, DMatrixRMaj u2) {
        return new ProjectedGram(products, factors.rightResident(), leftProjection(u2), u1, x.width(),
                x.heads() / x.groups());
    }

    /** {@code L_allᵀU2} (nH·w × r2), in double; kept for the same {@code u2}. */
    private DMatrixRMaj leftProjection(DMatrixRMaj u2) {
        if (u2 != lastU2) {
            lastA = factors.leftTransposed(u2);
            lastU2 = u2;
        }
        return lastA;
    }

    /** {@code R_allᵀU3} (nG·w × r3), in double; kept for the same {@code u3}. */
    private DMatrixRMaj rightProjection(DMatrixRMaj u3) {
        if (u3 != lastU3) {
            lastC = factors.rightTransposed(u3);
            lastU3 = u3;
        }
        return lastC;
    }

    /** The w-row blocks of a per-group matrix repeated for each head of the group (nH·w rows). */
    private DMatrixRMaj perHead(DMatrixRMaj perGroup) {
        return BlockProducts.repeatBlocks(perGroup, x.width(), x.heads() / x.groups());
    }
}
