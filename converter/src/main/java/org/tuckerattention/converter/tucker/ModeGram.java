package org.tuckerattention.converter.tucker;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.Spectrum;

/**
 * The three mode Grams {@code G_n = X_(n) X_(n)ᵀ} of a {@link FactoredTensor} (DESIGN §4.1), from two
 * large products formed once, {@code PL = L_allᵀL_all} (nH·w square) and {@code PR = R_allᵀR_all}
 * (nG·w square), whose w × w blocks are {@code L_iᵀL_j} and {@code R_gᵀR_h}:
 *
 * <ul>
 *   <li>{@code G1[i,j] = <L_iᵀL_j, R_g(i)ᵀR_g(j)>_F} (nH × nH);
 *   <li>{@code G2 = Σ_i L_i (R_g(i)ᵀR_g(i)) L_iᵀ = L_all · blockdiag(R_g(i)ᵀR_g(i)) · L_allᵀ} (I2 × I2);
 *   <li>{@code G3 = Σ_g R_g (Σ_{i∈g} L_iᵀL_i) R_gᵀ} (I3 × I3).
 * </ul>
 *
 * G2 and G3 need not be formed: {@link #apply} multiplies by them through the factors, which is what
 * randomized subspace iteration uses. Everything is in double; the tensor is not modified. The full
 * eigendecomposition of each Gram is kept once computed, so spectra and several HOSVD rank triples
 * share it (at {@code I_n²} doubles per mode); instances are safe to share between threads.
 */
public final class ModeGram {

    private final FactoredTensor x;
    private final MatrixProducts products;
    private final DMatrixRMaj head;
    /** blockdiag(R_g(i)ᵀR_g(i)), one w × w block per head: the middle factor of G2. */
    private final List<DMatrixRMaj> queryBlocks = new ArrayList<>();
    /** blockdiag(Σ_{i∈g} L_iᵀL_i), one w × w block per group: the middle factor of G3. */
    private final List<DMatrixRMaj> keyBlocks = new ArrayList<>();
    private final SymmetricEigen[] eigen = new SymmetricEigen[3];

    /** Forms {@code PL} and {@code PR} with {@code products} (the heavy part) and G1 from them. */
    public ModeGram(FactoredTensor x, MatrixProducts products) {
        this.x = x;
        this.products = products;
        DMatrixRMaj pl = products.gram(x.left());
        DMatrixRMaj pr = products.gram(x.right());
        int nH = x.heads();
        int w = x.width();
        for (int g = 0; g < x.groups(); g++) {
            keyBlocks.add(new DMatrixRMaj(w, w));
        }
        for (int i = 0; i < nH; i++) {
            queryBlocks.add(block(pr, x.group(i), x.group(i), w));
            CommonOps_DDRM.addEquals(keyBlocks.get(x.group(i)), block(pl, i, i, w));
        }
        head = new DMatrixRMaj(nH, nH);
        for (int i = 0; i < nH; i++) {
            for (int j = i; j < nH; j++) {
                double v = blockInner(pl, i, j, pr, x.group(i), x.group(j), w);
                head.set(i, j, v);
                head.set(j, i, v);
            }
        }
    }

    /** The tensor these Grams belong to. */
    public FactoredTensor tensor() {
        return x;
    }

    /** The products used for the heavy work. */
    public MatrixProducts products() {
        return products;
    }

    /** {@code ‖X‖² = tr(G1)}. */
    public double normSquared() {
        return CommonOps_DDRM.trace(head);
    }

    /** Dimension {@code I_n} of mode n (1, 2 or 3). */
    public int dimension(int mode) {
        return x.dims()[checked(mode) - 1];
    }

    /** {@code G_n} formed explicitly (n = 1, 2, 3); for modes 2 and 3 an {@code I_n²} matrix, a copy. */
    public DMatrixRMaj gram(int mode) {
        return switch (checked(mode)) {
            case 1 -> head.copy();
            case 2 -> products.multiply(x.left(), middle(queryBlocks, CommonOps_DDRM.transpose(x.left(), null)));
            default -> products.multiply(x.right(), middle(keyBlocks, CommonOps_DDRM.transpose(x.right(), null)));
        };
    }

    /** {@code G_n · Ω} without forming {@code G_n}; {@code omega} (I_n × k) is not modified. */
    public DMatrixRMaj apply(int mode, DMatrixRMaj omega) {
        try (FactorOperands factors = new FactorOperands(x, products)) {
            return apply(mode, omega, factors);
        }
    }

    /** {@code G_n · Ω} with the factors of this tensor already resident in the backend. */
    DMatrixRMaj apply(int mode, DMatrixRMaj omega, FactorOperands factors) {
        if (omega.numRows != dimension(mode)) {
            throw new IllegalArgumentException("mode " + mode + " has dimension " + dimension(mode)
                    + ", the block has " + omega.numRows + " rows");
        }
        return switch (mode) {
            case 1 -> products.multiply(head, omega);
            case 2 -> factors.left(middle(queryBlocks, factors.leftTransposed(omega)));
            default -> factors.right(middle(keyBlocks, factors.rightTransposed(omega)));
        };
    }

    /**
     * The mode-n singular values, square roots of all eigenvalues of the explicit {@code G_n}; costs a
     * full {@code I_n × I_n} eigendecomposition the first time.
     */
    public Spectrum spectrum(int mode) {
        return Spectrum.fromGramEigenvalues(eigen(mode).values());
    }

    /** The full eigendecomposition of {@code G_n}, computed on first use and kept. */
    synchronized SymmetricEigen eigen(int mode) {
        if (eigen[checked(mode) - 1] == null) {
            eigen[mode - 1] = SymmetricEigen.of(gram(mode));
        }
        return eigen[mode - 1];
    }

    /** Multiplies the w-row blocks of {@code m} by the matching w × w {@code blocks}; a new matrix. */
    private DMatrixRMaj middle(List<DMatrixRMaj> blocks, DMatrixRMaj m) {
        int w = x.width();
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
        for (int b = 0; b < blocks.size(); b++) {
            DMatrixRMaj rows = CommonOps_DDRM.extract(m, b * w, (b + 1) * w, 0, m.numCols);
            DMatrixRMaj product = new DMatrixRMaj(w, m.numCols);
            CommonOps_DDRM.mult(blocks.get(b), rows, product);
            CommonOps_DDRM.insert(product, out, b * w, 0);
        }
        return out;
    }

    /** {@code <PL[i,j], PR[g,h]>_F} of two w × w blocks, without copying them. */
    private static double blockInner(DMatrixRMaj pl, int i, int j, DMatrixRMaj pr, int g, int h, int w) {
        double sum = 0;
        for (int a = 0; a < w; a++) {
            int rowL = (i * w + a) * pl.numCols + j * w;
            int rowR = (g * w + a) * pr.numCols + h * w;
            for (int b = 0; b < w; b++) {
                sum += pl.data[rowL + b] * pr.data[rowR + b];
            }
        }
        return sum;
    }

    private static DMatrixRMaj block(DMatrixRMaj m, int bi, int bj, int w) {
        return CommonOps_DDRM.extract(m, bi * w, (bi + 1) * w, bj * w, (bj + 1) * w);
    }

    private static int checked(int mode) {
        if (mode < 1 || mode > 3) {
            throw new IllegalArgumentException("modes are 1, 2 and 3, got " + mode);
        }
        return mode;
    }
}
