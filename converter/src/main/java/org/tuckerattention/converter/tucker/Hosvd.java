package org.tuckerattention.converter.tucker;

import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.converter.ranks.Spectrum;

/**
 * Higher-order SVD of a {@link FactoredTensor} (De Lathauwer, De Moor &amp; Vandewalle 2000; DESIGN §4.2):
 * each factor {@code U_n} holds the leading r_n eigenvectors of the mode Gram {@code G_n}, and the core
 * is the projection {@code C[a] = Σ_i U1[i,a] (U2ᵀL_i)(R_g(i)ᵀU3)}. Its error is within √3 of the best
 * rank-(r1, r2, r3) approximation. The tensor is never formed; the input is not modified.
 *
 * <p>Fixed ranks use {@link TuckerOptions#method} per mode (AUTO: randomized subspace iteration on the
 * implicit Gram for dimensions above 512 and ranks below a quarter of them; with such dimensions the
 * head factor holds the leading eigenvectors of {@code PPᵀ}, P the tensor projected on U2 and U3:
 * sequentially truncated HOSVD in the order 2, 3, 1, which keeps the √3 bound). Tolerance and fraction
 * ranks need complete spectra, so they decompose every Gram fully (EIGEN). Cost: the diagonal Gram blocks
 * ({@code (nH + nG)·I·w²} flops; the exact head Gram adds {@code (nH·w)²·I2 + (nG·w)²·I3}), then per mode
 * either {@code 9 I_n³} or a few {@code I_n·nH·w·(r_n + 10)} products (single precision on libtorch, the
 * Rayleigh quotient's pass in double), then the core in double.
 */
public final class Hosvd {

    /** HOSVD with the Grams formed here. */
    public static TuckerDecomposition decompose(FactoredTensor x, TuckerOptions options) {
        return decompose(new ModeGram(x, options.products()), options);
    }

    /** HOSVD from Grams already formed (they are reused, e.g. for several candidate ranks). */
    public static TuckerDecomposition decompose(ModeGram gram, TuckerOptions options) {
        return decompose(gram, options, SubspaceIteration.POWER_ITERATIONS);
    }

    /** HOSVD whose randomized factors take {@code powerIterations}, e.g. the one HOOI starts from. */
    static TuckerDecomposition decompose(ModeGram gram, TuckerOptions options, int powerIterations) {
        try (FactorOperands factors = new FactorOperands(gram.tensor(), options.products())) {
            return decompose(gram, options, new Random(options.seed()), new Projections(factors), powerIterations);
        }
    }

    /**
     * HOSVD with the tensor's factors already resident in the products backend; {@code projections} keeps
     * {@code L_allᵀU2} and {@code R_allᵀU3} for a following HOOI.
     */
    static TuckerDecomposition decompose(
            ModeGram gram, TuckerOptions options, Random random, Projections projections, int powerIterations) {
        FactoredTensor x = gram.tensor();
        DMatrixRMaj[] u = factors(gram, options, random, projections, powerIterations);
        DMatrixRMaj p = projections.slices(u[1], u[2]);
        if (u[0] == null) {
            u[0] = SymmetricEigen.of(options.products().multiply(p, false, p, true)).leading(rankOfHead(gram, options));
        }
        DMatrixRMaj core = options.products().multiply(u[0], true, p, false);
        double error = TuckerDecomposition.relativeError(TuckerDecomposition.squaredNorm(core), gram.normSquared());
        return new TuckerDecomposition(x.dims(), x.modeNames(), u[0], u[1], u[2], core, gram.normSquared(),
                new double[] {error}, 0, true);
    }

    /**
     * The relative error of {@link #decompose} without forming its core, whose {@code r1·r2·r3} values (4.3 GB
     * at full rank of a 4096-wide layer) a rank report does not need: {@code ‖C‖² = tr(U1ᵀ M U1)} with M the
     * nH × nH Gram of the projected slices, formed like the head Gram from the w × w blocks of
     * {@code (L_allᵀU2)(L_allᵀU2)ᵀ} and {@code (R_allᵀU3)(R_allᵀU3)ᵀ} ({@code (nH·w)²·(r2 + r3)} flops).
     */
    public static double relativeError(ModeGram gram, TuckerOptions options) {
        try (FactorOperands operands = new FactorOperands(gram.tensor(), options.products())) {
            Projections projections = new Projections(operands);
            DMatrixRMaj[] u = factors(gram, options, new Random(options.seed()), projections,
                    SubspaceIteration.POWER_ITERATIONS);
            DMatrixRMaj m = projections.sliceGram(u[1], u[2]);
            DMatrixRMaj u1 = u[0] != null ? u[0] : SymmetricEigen.of(m).leading(rankOfHead(gram, options));
            MatrixProducts products = options.products();
            DMatrixRMaj projected = products.multiply(u1, true, products.multiply(m, u1), false);
            double core = 0;
            for (int a = 0; a < projected.numRows; a++) {
                core += projected.get(a, a);
            }
            return TuckerDecomposition.relativeError(core, gram.normSquared());
        }
    }

    /** The head rank the options resolve to, for a head factor taken from the projection. */
    private static int rankOfHead(ModeGram gram, TuckerOptions options) {
        FactoredTensor x = gram.tensor();
        return options.rankSpec().resolve(x.dims(), x.modeNames(), List.of(), options.originalParameters())[0];
    }

    /** U1, U2, U3 at the options' ranks; U1 is null where it comes from the projection on U2 and U3. */
    private static DMatrixRMaj[] factors(
            ModeGram gram, TuckerOptions options, Random random, Projections projections, int powerIterations) {
        FactoredTensor x = gram.tensor();
        int[] dims = x.dims();
        RankSpec spec = options.rankSpec();
        DMatrixRMaj[] u = new DMatrixRMaj[3];
        if (spec.needsSpectra()) {
            List<Spectrum> spectra = List.of(gram.spectrum(1), gram.spectrum(2), gram.spectrum(3));
            int[] ranks = spec.resolve(dims, x.modeNames(), spectra, options.originalParameters());
            for (int n = 0; n < 3; n++) {
                u[n] = gram.eigen(n + 1).leading(ranks[n]);
            }
        } else {
            int[] ranks = spec.resolve(dims, x.modeNames(), List.of(), options.originalParameters());
            for (int n = options.headFromProjection(dims) ? 2 : 1; n <= 3; n++) {
                u[n - 1] = leadingVectors(gram, n, ranks[n - 1], options, random, projections, powerIterations);
            }
        }
        return u;
    }

    private static DMatrixRMaj leadingVectors(ModeGram gram, int mode, int rank, TuckerOptions options,
            Random random, Projections projections, int powerIterations) {
        int n = gram.dimension(mode);
        if (!options.randomized(n, rank)) {
            return gram.eigen(mode).leading(rank);
        }
        if (mode == 1) {
            FactorOperands factors = projections.factors();
            return SubspaceIteration.leading(omega -> gram.apply(1, omega, factors), n, rank, null, random,
                    options.products(), powerIterations);
        }
        // The Rayleigh quotient's pass over L_all or R_all in double also gives the core's projection.
        ImplicitGram operator = gram.implicit(mode, projections.factors());
        DMatrixRMaj u = SubspaceIteration.leading(operator, n, rank, null, random, options.products(),
                powerIterations);
        projections.remember(mode, u, operator.transposedTimes(u));
        return u;
    }

    private Hosvd() {}
}
