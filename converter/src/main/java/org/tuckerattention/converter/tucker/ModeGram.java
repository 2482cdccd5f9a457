package org.tuckerattention.converter.tucker;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.tuckerattention.converter.linalg.BlockProducts;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.ranks.Spectrum;

/**
 * The three mode Grams {@code G_n = X_(n) X_(n)ᵀ} of a {@link FactoredTensor} (DESIGN §4.1), from the
 * w × w blocks {@code L_iᵀL_j} and {@code R_gᵀR_h} of {@code PL = L_allᵀL_all} (nH·w square) and
 * {@code PR = R_allᵀR_all} (nG·w square):
 *
 * <ul>
 *   <li>{@code G1[i,j] = <L_iᵀL_j, R_g(i)ᵀR_g(j)>_F} (nH × nH);
 *   <li>{@code G2 = Σ_i L_i (R_g(i)ᵀR_g(i)) L_iᵀ = L_all · blockdiag(R_g(i)ᵀR_g(i)) · L_allᵀ} (I2 × I2);
 *   <li>{@code G3 = Σ_g R_g (Σ_{i∈g} L_iᵀL_i) R_gᵀ} (I3 × I3).
 * </ul>
 *
 * G2, G3 and ‖X‖² need only the diagonal blocks, formed at once ({@code (nH + nG)·I·w²} flops). G1
 * needs all of PL and PR ({@code (nH·w)²·(I2 + I3)} flops, seconds at d = 4096), formed on first use.
 * G2 and G3 need not be formed: {@link #apply} multiplies by them through the factors, which is what
 * randomized subspace iteration uses. Everything is in double; the tensor is not modified. The full
 * eigendecomposition of each Gram is kept once computed, so spectra and several HOSVD rank triples
 * share it (at {@code I_n²} doubles per mode); instances are safe to share between threads.
 */
public final class ModeGram {

    private final FactoredTensor x;
    private final MatrixProducts products;
    private final double normSquared;
    private DMatrixRMaj head;
    /** blockdiag(R_g(i)ᵀR_g(i)), one w × w block per head: the middle factor of G2. */
    private final List<DMatrixRMaj> queryBlocks = new ArrayList<>();
    /** blockdiag(Σ_{i∈g} L_iᵀL_i), one w × w block per group: the middle factor of G3. */
    private final List<DMatrixRMaj> keyBlocks = new ArrayList<>();
    private final SymmetricEigen[] eigen = new SymmetricEigen[3];

    /** Forms the diagonal blocks of {@code PL} and {@code PR} with {@code products}, and ‖X‖² from them. */
    public ModeGram(FactoredTensor x, MatrixProducts products) {
        this.x = x;
        this.products = products;
        List<DMatrixRMaj> leftBlocks = products.blockGrams(x.left(), x.width());
        List<DMatrixRMaj> rightBlocks = products.blockGrams(x.right(), x.width());
        for (int g = 0; g < x.groups(); g++) {
            keyBlocks.add(new DMatrixRMaj(x.width(), x.width()));
        }
        double sum = 0;
        for (int i = 0; i < x.heads(); i++) {
            queryBlocks.add(rightBlocks.get(x.group(i)));
            CommonOps_DDRM.addEquals(keyBlocks.get(x.group(i)), leftBlocks.get(i));
            sum += CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(leftBlocks.get(i), rightBlocks.get(x.group(i)), null));
        }
        normSquared = sum;
    }

    /** G1 from all of PL and PR, formed on first use and kept. */
    private synchronized DMatrixRMaj head() {
        if (head == null) {
            head = headGram(x, products.gram(x.left()), products.gram(x.right()));
        }
        return head;
    }

    /** The tensor these Grams belong to. */
    public FactoredTensor tensor() {
        return x;
    }

    /** The products used for the heavy work. */
    public MatrixProducts products() {
        return products;
    }

    /** {@code ‖X‖² = tr(G1) = Σ_i <L_iᵀL_i, R_g(i)ᵀR_g(i)>_F}. */
    public double normSquared() {
        return normSquared;
    }

    /** Dimension {@code I_n} of mode n (1, 2 or 3). */
    public int dimension(int mode) {
        return x.dims()[checked(mode) - 1];
    }

    /** {@code G_n} formed explicitly (n = 1, 2, 3); for modes 2 and 3 an {@code I_n²} matrix, a copy. */
    public DMatrixRMaj gram(int mode) {
        return switch (checked(mode)) {
            case 1 -> head().copy();
            case 2 -> products.multiply(x.left(),
                    BlockProducts.blockDiagonalTimes(queryBlocks, CommonOps_DDRM.transpose(x.left(), null)));
            default -> products.multiply(x.right(),
                    BlockProducts.blockDiagonalTimes(keyBlocks, CommonOps_DDRM.transpose(x.right(), null)));
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
            case 1 -> products.multiply(head(), omega);
            case 2 -> products.congruence(factors.leftResident(), queryBlocks, omega, Precision.DOUBLE);
            default -> products.congruence(factors.rightResident(), keyBlocks, omega, Precision.DOUBLE);
        };
    }

    /** {@code G_n} (n = 2, 3) as an operator on the resident factors, for randomized subspace iteration. */
    ImplicitGram implicit(int mode, FactorOperands factors) {
        return switch (checked(mode)) {
            case 2 -> new ImplicitGram(products, factors.leftResident(), queryBlocks);
            case 3 -> new ImplicitGram(products, factors.rightResident(), keyBlocks);
            default -> throw new IllegalArgumentException("the head Gram is explicit");
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

    /**
     * {@code G1[i,j] = <PL[i,j], PR[g(i),g(j)]>_F} from the w × w blocks of {@code pl} (nH·w square) and
     * {@code pr} (nG·w square): the head Gram of x from {@code L_allᵀL_all} and {@code R_allᵀR_all}, or of x
     * projected on U2 and U3 from {@code AAᵀ} and {@code CCᵀ} with {@code A = L_allᵀU2}, {@code C = R_allᵀU3}.
     */
    static DMatrixRMaj headGram(FactoredTensor x, DMatrixRMaj pl, DMatrixRMaj pr) {
        int nH = x.heads();
        int w = x.width();
        DMatrixRMaj g1 = new DMatrixRMaj(nH, nH);
        for (int i = 0; i < nH; i++) {
            for (int j = i; j < nH; j++) {
                double v = blockInner(pl, i, j, pr, x.group(i), x.group(j), w);
                g1.set(i, j, v);
                g1.set(j, i, v);
            }
        }
        return g1;
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

    private static int checked(int mode) {
        if (mode < 1 || mode > 3) {
            throw new IllegalArgumentException("modes are 1, 2 and 3, got " + mode);
        }
        return mode;
    }
}
