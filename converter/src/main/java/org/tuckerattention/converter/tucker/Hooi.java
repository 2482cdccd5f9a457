package org.tuckerattention.converter.tucker;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.linalg.Precision;
import org.tuckerattention.converter.linalg.Resident;

/**
 * Higher-order orthogonal iteration (De Lathauwer, De Moor &amp; Vandewalle 2000; Kolda &amp; Bader 2009,
 * Fig. 4.4; DESIGN §4.2), started from {@link Hosvd} (randomized factors with {@link #START_POWER_ITERATIONS}
 * power iterations; the error history starts with that HOSVD's error). A sweep updates, each from the tensor projected on
 * the other two factors (never formed as a whole):
 *
 * <ul>
 *   <li>U2: leading left singular vectors of {@code Y = [Y_1 … Y_r1]}, {@code Y_a = Σ_i U1[i,a] L_i (R_g(i)ᵀU3)};
 *   <li>U3: likewise from {@code Z_a = Σ_i U1[i,a] R_g(i) (L_iᵀU2)};
 *   <li>U1: leading eigenvectors of the nH × nH Gram of the projected slices {@code P_i}, and the core.
 * </ul>
 *
 * Where the dimension is large and the rank small ({@link TuckerOptions#randomized}), an update is
 * subspace iteration started from the previous factor, either on the Gram {@code YYᵀ} applied through the
 * factors ({@link ProjectedGram}: two passes over {@code L_all} or {@code R_all} per application) or on Y
 * formed in single precision and its small Gram {@code YᵀY}, whichever takes fewer flops for the shapes at
 * hand ({@link #formsSource}); at [8,256,128] of a 4096-wide layer that forms Y (4096 × 1024) and iterates
 * on Z's Gram through {@code R_all}. Otherwise singular vectors come from the smaller of the explicit
 * {@code YᵀY} and {@code YYᵀ}. Factors are orthonormalised and the core projected in double, so every
 * reported error is that of the factors returned. Each update can only raise ‖C‖ (up to the rounding of
 * its single-precision steps); the best decomposition seen is kept all the same, so the reported error
 * never increases. Sweeps stop after {@code maxIterations} or when one improves the relative error by less
 * than {@code tolerance}. The input is not modified.
 */
public final class Hooi {

    /**
     * One power iteration fewer than a HOSVD of its own, since the sweeps refine the start anyway: a tenth of a
     * 4096-wide layer's time at [8,256,128]; final errors after two sweeps moved by +0.0000 on average for MHA
     * and +0.0013 for 8 KV heads, within seed-to-seed spreads 5x larger (docs/benchmarks.md).
     */
    static final int START_POWER_ITERATIONS = SubspaceIteration.POWER_ITERATIONS - 1;

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
        TuckerDecomposition best = Hosvd.decompose(gram, options, random, projections, START_POWER_ITERATIONS);
        FactoredTensor x = gram.tensor();
        MatrixProducts products = options.products();
        int[] r = best.ranks();
        int[] dims = x.dims();
        DMatrixRMaj u1 = best.sharedFactor(1);
        DMatrixRMaj u2 = best.sharedFactor(2);
        DMatrixRMaj u3 = best.sharedFactor(3);
        double[] history = new double[options.maxIterations() + 1];
        history[0] = best.relativeError();
        int sweeps = 0;
        boolean converged = options.maxIterations() == 0;
        while (sweeps < options.maxIterations() && !converged) {
            if (options.randomized(dims[1], r[1]) && !formsSource(dims, x.heads(), x.groups(), x.width(), 2, r)) {
                u2 = warmStarted(projections.modeTwoGram(u1, u3), 2, dims[1], r[1], u2, projections, random);
            } else {
                try (Resident y = projections.modeTwo(u1, u3)) {
                    u2 = leadingLeft(y, r[1], u2, options, random);
                }
            }
            if (options.randomized(dims[2], r[2]) && !formsSource(dims, x.heads(), x.groups(), x.width(), 3, r)) {
                u3 = warmStarted(projections.modeThreeGram(u1, u2), 3, dims[2], r[2], u3, projections, random);
            } else {
                try (Resident z = projections.modeThree(u1, u2)) {
                    u3 = leadingLeft(z, r[2], u3, options, random);
                }
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
     * Whether the mode-{@code mode} update (2 or 3) of a tensor of {@code dims} with nH {@code heads},
     * nG {@code groups} and slices of {@code width} should form its source Y (I × r1·r_other) rather than
     * iterate on {@code YYᵀ} through the factors: forming costs {@code 2·nH·I·w·r_other} flops for the
     * per-head products plus {@code 2·I·m²} for {@code YᵀY} (m = r1·r_other; {@code 2·I²·m + 9 I³} for
     * {@code YYᵀ} and its eigendecomposition when m ≥ I), iterating {@code 2·I·cols·(r + 10)} per pass over
     * the factor ({@code cols} = nH·w or nG·w) times two passes in single precision per application and one
     * in double, counted as two.
     */
    static boolean formsSource(int[] dims, int heads, int groups, int width, int mode, int[] ranks) {
        double n = dims[mode - 1];
        double other = ranks[mode == 2 ? 2 : 1];
        double m = ranks[0] * other;
        double forming = 2 * heads * n * width * other + (m < n ? 2 * n * m * m : 2 * n * n * m + 9 * n * n * n);
        double cols = (mode == 2 ? heads : groups) * (double) width;
        double pass = 2 * n * cols * (ranks[mode - 1] + SubspaceIteration.OVERSAMPLING);
        return forming <= pass * (2 * (SubspaceIteration.POWER_ITERATIONS + 1) + 2);
    }

    /**
     * The update of U2 or U3 where the dimension is large and the rank small: subspace iteration on the
     * projected Gram started from the previous factor (plus a few Gaussian columns), with as many power
     * iterations as HOSVD's range finder. The leading Ritz values from the span of
     * {@code G·[previous, Ω]} are at least those from the previous factor's span, so an update never lowers
     * ‖C‖ beyond rounding, as the exact one would not; its projection on the factor comes with it, in double.
     */
    private static DMatrixRMaj warmStarted(ProjectedGram gram, int mode, int dimension, int rank,
            DMatrixRMaj previous, Projections projections, Random random) {
        DMatrixRMaj u = SubspaceIteration.leading(gram, dimension, rank, previous, random, gram.products);
        projections.remember(mode, u, gram.transposedTimes(u));
        return u;
    }

    /**
     * The leading {@code rank} left singular vectors of {@code y} (n × m, rank ≤ min(n, m)), orthonormal
     * with signs fixed: from the small Gram {@code yᵀy} when m < n (then {@code U = orth(Y V)}, whose column
     * norms are the singular values; V by subspace iteration from {@code yᵀ·previous} when the method allows
     * it and m is large), else from {@code yyᵀ}.
     */
    private static DMatrixRMaj leadingLeft(
            Resident y, int rank, DMatrixRMaj previous, TuckerOptions options, Random random) {
        MatrixProducts products = options.products();
        int n = y.rows();
        int m = y.cols();
        if (m < n && options.method() != TuckerOptions.Method.EIGEN && m > TuckerOptions.AUTO_MAX_EIGEN_DIMENSION) {
            // V: the leading eigenvectors of yᵀy by subspace iteration from yᵀ·previous, then U = orth(y V).
            DMatrixRMaj start = products.multiply(y, true, previous, false, Precision.SINGLE);
            DMatrixRMaj v;
            try (Resident small = products.resident(products.transposedGram(y, Precision.SINGLE))) {
                v = SubspaceIteration.leading(omega -> products.multiply(small, false, omega, false,
                        Precision.SINGLE), m, rank, start, random, products, SMALL_GRAM_POWER_ITERATIONS);
            }
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
