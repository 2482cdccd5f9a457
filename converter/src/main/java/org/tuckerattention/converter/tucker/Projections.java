package org.tuckerattention.converter.tucker;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.tuckerattention.converter.linalg.MatrixProducts;

/**
 * The tensor X projected on some of its factors, computed slice by slice from {@code L_i}, {@code R_g}
 * (DESIGN §4.1): the projected slices {@code P_i = (U2ᵀL_i)(R_g(i)ᵀU3)} that give the core and U1, and
 * the matrices whose leading left singular vectors are HOOI's U2 and U3 (DESIGN §4.2). X is not modified.
 */
final class Projections {

    private final FactoredTensor x;
    private final MatrixProducts products;
    private final FactorOperands factors;

    Projections(FactorOperands factors) {
        this.x = factors.tensor();
        this.products = factors.products();
        this.factors = factors;
    }

    /** {@code P} (nH × r2·r3), row i the row-major r2 × r3 slice {@code P_i = (U2ᵀL_i)(R_g(i)ᵀU3)}. */
    DMatrixRMaj slices(DMatrixRMaj u2, DMatrixRMaj u3) {
        int w = x.width();
        int r2 = u2.numCols;
        int r3 = u3.numCols;
        int size = x.heads() / x.groups();
        DMatrixRMaj a = factors.leftTransposed(u2);
        DMatrixRMaj c = factors.rightTransposed(u3);
        DMatrixRMaj p = new DMatrixRMaj(x.heads(), r2 * r3);
        for (int g = 0; g < x.groups(); g++) {
            // Heads of one group share R_g: stack their A_iᵀ and take one product per group.
            DMatrixRMaj stacked = new DMatrixRMaj(size * r2, w);
            for (int k = 0; k < size; k++) {
                DMatrixRMaj ai = CommonOps_DDRM.extract(a, (g * size + k) * w, (g * size + k + 1) * w, 0, r2);
                CommonOps_DDRM.insert(CommonOps_DDRM.transpose(ai, null), stacked, k * r2, 0);
            }
            DMatrixRMaj cg = CommonOps_DDRM.extract(c, g * w, (g + 1) * w, 0, r3);
            DMatrixRMaj pg = products.multiply(stacked, cg);
            System.arraycopy(pg.data, 0, p.data, g * size * r2 * r3, size * r2 * r3);
        }
        return p;
    }

    /** {@code Y = [Y_1 … Y_r1]} (I2 × r1·r3), {@code Y_a = Σ_i U1[i,a] L_i (R_g(i)ᵀU3)}: HOOI's U2 source. */
    DMatrixRMaj modeTwo(DMatrixRMaj u1, DMatrixRMaj u3) {
        DMatrixRMaj c = factors.rightTransposed(u3);
        List<DMatrixRMaj> small = new ArrayList<>();
        for (int i = 0; i < x.heads(); i++) {
            small.add(rowBlock(c, x.group(i)));
        }
        return mixed(x.left(), x.heads(), 1, small, u1);
    }

    /** {@code Z = [Z_1 … Z_r1]} (I3 × r1·r2), {@code Z_a = Σ_i U1[i,a] R_g(i) (L_iᵀU2)}: HOOI's U3 source. */
    DMatrixRMaj modeThree(DMatrixRMaj u1, DMatrixRMaj u2) {
        DMatrixRMaj a = factors.leftTransposed(u2);
        List<DMatrixRMaj> small = new ArrayList<>();
        for (int i = 0; i < x.heads(); i++) {
            small.add(rowBlock(a, i));
        }
        return mixed(x.right(), x.groups(), x.heads() / x.groups(), small, u1);
    }

    /**
     * {@code [Σ_i U1[i,a] F_b(i) S_i]_a} (I × r1·r) for big blocks {@code F_b} (I × w, consecutive heads
     * sharing one) and small {@code S_i} (w × r). Mixing the heads of a block before the big product costs
     * {@code I·w·r1·r} per block, after it {@code I·r·size·(w + r1)}: the cheaper order is taken.
     */
    private DMatrixRMaj mixed(DMatrixRMaj big, int blocks, int size, List<DMatrixRMaj> small, DMatrixRMaj u1) {
        int w = x.width();
        int r = small.get(0).numCols;
        int r1 = u1.numCols;
        int rows = big.numRows;
        DMatrixRMaj out = new DMatrixRMaj(rows, r1 * r);
        if ((long) r1 * w <= (long) size * (w + r1)) {
            for (int b = 0; b < blocks; b++) {
                DMatrixRMaj n = new DMatrixRMaj(w, r1 * r);
                for (int i = b * size; i < (b + 1) * size; i++) {
                    double[] s = small.get(i).data;
                    for (int a = 0; a < r1; a++) {
                        double coefficient = u1.get(i, a);
                        for (int q = 0; q < w; q++) {
                            for (int c = 0; c < r; c++) {
                                n.data[q * r1 * r + a * r + c] += coefficient * s[q * r + c];
                            }
                        }
                    }
                }
                CommonOps_DDRM.addEquals(out, products.multiply(columnBlock(big, b), n));
            }
            return out;
        }
        // Each head's I × r product is mixed into the r1 column groups as it comes: no nH × I·r stack to copy.
        for (int i = 0; i < x.heads(); i++) {
            DMatrixRMaj t = products.multiply(columnBlock(big, i / size), small.get(i));
            for (int p = 0; p < rows; p++) {
                for (int a = 0; a < r1; a++) {
                    double coefficient = u1.get(i, a);
                    int to = p * r1 * r + a * r;
                    for (int c = 0; c < r; c++) {
                        out.data[to + c] += coefficient * t.data[p * r + c];
                    }
                }
            }
        }
        return out;
    }

    private DMatrixRMaj columnBlock(DMatrixRMaj m, int b) {
        int w = x.width();
        return CommonOps_DDRM.extract(m, 0, m.numRows, b * w, (b + 1) * w);
    }

    private DMatrixRMaj rowBlock(DMatrixRMaj m, int b) {
        int w = x.width();
        return CommonOps_DDRM.extract(m, b * w, (b + 1) * w, 0, m.numCols);
    }
}
