package org.tuckerattention.converter.tucker;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.linalg.Resident;

/**
 * Higher-order orthogonal iteration (De Lathauwer, De Moor &amp; Vandewalle 2000; Kolda &amp; Bader 2009,
 * Fig. 4.4; DESIGN §4.2), started from {@link Hosvd}. A sweep updates, each from the tensor projected on
 * the other two factors (never formed as a whole):
 *
 * <ul>
 *   <li>U2: leading left singular vectors of {@code Y = [Y_1 … Y_r1]}, {@code Y_a = Σ_i U1[i,a] L_i (R_g(i)ᵀU3)};
 *   <li>U3: likewise from {@code Z_a = Σ_i U1[i,a] R_g(i) (L_iᵀU2)};
 *   <li>U1: leading eigenvectors of the nH × nH Gram of the projected slices {@code P_i}, and the core.
 * </ul>
 *
 * Singular vectors come from the smaller of {@code YᵀY} and {@code YYᵀ}, or, where
 * {@link TuckerOptions#method} picks it, from subspace iteration started at the previous factor (AUTO:
 * for a smaller side above 512 and a rank below a quarter of it on Y itself, for a larger rank on the
 * explicit {@code YᵀY}, whose full eigendecomposition would cost {@code 9 m³}). Y and Z are formed in
 * single precision where the backend has it; the factors are orthonormalised and the core projected in
 * double, so every reported error is that of the factors returned. Each exact update can only raise
 * ‖C‖; the best decomposition seen is kept all the same, so the reported error never increases. Sweeps stop after {@code maxIterations} or when one improves the relative
 * error by less than {@code tolerance}. The input is not modified.
 */
public final class Hooi {

    /** Power iterations on an explicit small Gram {@code yᵀy}: each costs only {@code 2 m²(r + 10)} flops. */
    static final int SMALL_GRAM_POWER_ITERATIONS = 4;

    /** HOOI with the Grams (for the HOSVD start) formed here. */
    public static TuckerDecomposition decompose(FactoredTensor x, TuckerOptions options) {
        return decompose(new ModeGram(x, options.products()), options);
    }

    /** HOOI from Grams already formed. */
    public static TuckerDecomposition decompose(ModeGram gram, TuckerOptions options) {
        try (FactorOperands factors = new FactorOperands(gram.tensor(), options.products())) {
            return decompose(gram, options, factors);
        }
    }

    private static TuckerDecomposition decompose(ModeGram gram, TuckerOptions options, FactorOperands factors) {
        Random random = new Random(options.seed());
        Projections projections = new Projections(factors);
        TuckerDecomposition best = Hosvd.decompose(gram, options, random, projections);
        FactoredTensor x = gram.tensor();
        MatrixProducts products = options.products();
        int[] r = best.ranks();
        DMatrixRMaj u1 = best.sharedFactor(1);
        DMatrixRMaj u2 = best.sharedFactor(2);
        DMatrixRMaj u3 = best.sharedFactor(3);
        double[] history = new double[options.maxIterations() + 1];
        history[0] = best.relativeError();
        int sweeps = 0;
        boolean converged = options.maxIterations() == 0;
        while (sweeps < options.maxIterations() && !converged) {
            try (Resident y = projections.modeTwo(u1, u3)) {
                u2 = leadingLeft(y, r[1], u2, options, random);
            }
            try (Resident z = projections.modeThree(u1, u2)) {
                u3 = leadingLeft(z, r[2], u3, options, random);
            }
            DMatrixRMaj p = projections.slices(u2, u3);
            try (Resident slices = products.resident(p)) {
                u1 = leadingLeft(slices, r[0], u1, options, random);
            }
            DMatrixRMaj core = products.multiply(u1, true, p, false);
            double error = TuckerDecomposition.relativeError(TuckerDecomposition.squaredNorm(core), gram.normSquared());
            double improvement = best.relativeError() - error;
            sweeps++;
            if (error < best.relativeError()) {
                history[sweeps] = error;
                best = new TuckerDecomposition(x.dims(), x.modeNames(), u1, u2, u3, core, gram.normSquared(),
                        Arrays.copyOf(history, sweeps + 1), sweeps, false);
            } else {
                history[sweeps] = best.relativeError();
            }
            converged = improvement < options.tolerance() || improvement <= 0;
        }
        return new TuckerDecomposition(x.dims(), x.modeNames(), best.sharedFactor(1), best.sharedFactor(2),
                best.sharedFactor(3), best.core(), gram.normSquared(), Arrays.copyOf(history, sweeps + 1), sweeps,
                converged);
    }

    /**
     * The leading {@code rank} left singular vectors of {@code y} (n × m, rank ≤ min(n, m)), orthonormal
     * with signs fixed: by subspace iteration from {@code previous}, from the small Gram {@code yᵀy} when
     * m < n (then {@code U = orth(Y V)}, whose column norms are the singular values; V by subspace
     * iteration from {@code yᵀ·previous} when the method allows it and m is large), else from {@code yyᵀ}.
     */
    private static DMatrixRMaj leadingLeft(
            Resident y, int rank, DMatrixRMaj previous, TuckerOptions options, Random random) {
        MatrixProducts products = options.products();
        int n = y.rows();
        int m = y.cols();
        if (options.randomized(Math.min(n, m), rank)) {
            SymmetricOperator gram = omega -> products.multiply(y, false,
                    products.multiply(y, true, omega, false, Precision.SINGLE), false, Precision.SINGLE);
            return SubspaceIteration.leading(gram, n, rank, previous, random, products);
        }
        if (m < n && options.method() != TuckerOptions.Method.EIGEN && m > TuckerOptions.AUTO_MAX_EIGEN_DIMENSION) {
            // V: the leading eigenvectors of yᵀy by subspace iteration from yᵀ·previous, then U = orth(y V).
            DMatrixRMaj small = products.transposedGram(y, Precision.SINGLE);
            DMatrixRMaj start = products.multiply(y, true, previous, false, Precision.SINGLE);
            DMatrixRMaj v = SubspaceIteration.leading(omega -> products.multiply(small, false, omega, false,
                    Precision.SINGLE), m, rank, start, random, products, SMALL_GRAM_POWER_ITERATIONS);
            DMatrixRMaj u = products.multiply(y, false, v, false, Precision.SINGLE);
            DMatrixRMaj q = OrthonormalColumns.choleskyQr(u, products);
            return OrthonormalColumns.signFixed(q != null ? q : OrthonormalColumns.orthonormalized(u));
        }
        if (m < n) {
            DMatrixRMaj v = SymmetricEigen.of(products.transposedGram(y, Precision.DOUBLE)).leading(rank);
            return OrthonormalColumns.signFixed(OrthonormalColumns.orthonormalized(
                    products.multiply(y, false, v, false, Precision.DOUBLE)));
        }
        return SymmetricEigen.of(products.multiply(y.matrix(), false, y.matrix(), true)).leading(rank);
    }

    private Hooi() {}
}
