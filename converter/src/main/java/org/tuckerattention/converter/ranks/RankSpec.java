package org.tuckerattention.converter.ranks;

import java.util.List;

/**
 * How the Tucker ranks (r1, r2, r3) of one tensor are chosen (DESIGN §4.2), and the one place ranks
 * are validated ({@link #validate}): {@code 1 ≤ r_n ≤ I_n} and {@code r_n ≤ ∏_{m≠n} r_m}, the latter
 * because a mode-n unfolding of an r1 × r2 × r3 core has rank at most the product of the other two.
 */
public sealed interface RankSpec permits RankSpec.Fixed, RankSpec.Tolerance, RankSpec.Fraction {

    /**
     * The validated ranks for a tensor with these dimensions.
     *
     * @param dims (I1, I2, I3)
     * @param modes the three mode names, for messages
     * @param spectra the complete mode spectra (I_n values each) when {@link #needsSpectra()}, else ignored
     * @param originalParameters the original mechanism's parameters for this tensor, used by {@link Fraction}
     * @throws RankException when the ranks are invalid or cannot be met
     */
    int[] resolve(int[] dims, List<String> modes, List<Spectrum> spectra, long originalParameters);

    /** Whether {@link #resolve} reads the complete mode spectra (full Gram eigendecompositions). */
    boolean needsSpectra();

    static Fixed fixed(int r1, int r2, int r3) {
        return new Fixed(r1, r2, r3);
    }

    static Tolerance tolerance(double relativeError) {
        return new Tolerance(relativeError);
    }

    static Fraction fraction(double fraction) {
        return new Fraction(fraction);
    }

    /**
     * Checks {@code 1 ≤ r_n ≤ I_n} and {@code r_n ≤ ∏_{m≠n} r_m}; returns a copy of {@code ranks}.
     *
     * @throws RankException naming the first mode that breaks a bound, and the bound
     */
    static int[] validate(int[] ranks, int[] dims, List<String> modes) {
        if (ranks.length != 3 || dims.length != 3 || modes.size() != 3) {
            throw new RankException("expected 3 ranks for 3 modes, got " + ranks.length);
        }
        for (int n = 0; n < 3; n++) {
            String mode = modes.get(n);
            if (ranks[n] < 1) {
                throw new RankException("rank " + ranks[n] + " for mode '" + mode + "' must be at least 1");
            }
            if (ranks[n] > dims[n]) {
                throw new RankException(
                        "rank " + ranks[n] + " for mode '" + mode + "' exceeds its dimension " + dims[n]);
            }
        }
        for (int n = 0; n < 3; n++) {
            long others = (long) ranks[(n + 1) % 3] * ranks[(n + 2) % 3];
            if (ranks[n] > others) {
                throw new RankException("rank " + ranks[n] + " for mode '" + modes.get(n)
                        + "' exceeds the product " + others + " of the other two ranks");
            }
        }
        return ranks.clone();
    }

    /** The given triple. */
    record Fixed(int r1, int r2, int r3) implements RankSpec {

        public int[] ranks() {
            return new int[] {r1, r2, r3};
        }

        @Override
        public int[] resolve(int[] dims, List<String> modes, List<Spectrum> spectra, long originalParameters) {
            return validate(ranks(), dims, modes);
        }

        @Override
        public boolean needsSpectra() {
            return false;
        }
    }

    /**
     * The smallest ranks whose HOSVD meets {@code ‖X − X_r‖ ≤ relativeError · ‖X‖}, in the spirit of
     * MATLAB Tensor Toolbox {@code hosvd(X, tol)}: each mode's truncated tail energy is at most
     * {@code relativeError² ‖X‖² / 3}, so the HOSVD error bound (the sum of the tails) meets it.
     */
    record Tolerance(double relativeError) implements RankSpec {

        public Tolerance {
            if (!(relativeError >= 0 && relativeError < 1)) {
                throw new RankException("a relative error tolerance must lie in [0, 1), got " + relativeError);
            }
        }

        @Override
        public int[] resolve(int[] dims, List<String> modes, List<Spectrum> spectra, long originalParameters) {
            return validate(ToleranceRanks.smallest(relativeError, dims, spectra), dims, modes);
        }

        @Override
        public boolean needsSpectra() {
            return true;
        }
    }

    /**
     * The ranks with the least estimated HOSVD error whose Tucker parameter count
     * {@code r1 r2 r3 + Σ I_n r_n} is at most {@code fraction} × the original parameters of the tensor
     * (greedy by error reduction per parameter, as {@link BudgetAllocator}).
     */
    record Fraction(double fraction) implements RankSpec {

        public Fraction {
            if (!(fraction > 0)) {
                throw new RankException("a parameter fraction must be positive, got " + fraction);
            }
        }

        @Override
        public int[] resolve(int[] dims, List<String> modes, List<Spectrum> spectra, long originalParameters) {
            if (originalParameters <= 0) {
                throw new IllegalArgumentException("a parameter fraction needs the original parameter count");
            }
            long budget = (long) Math.floor(fraction * originalParameters);
            TensorSpectra one = new TensorSpectra(0, String.join("/", modes), dims, spectra);
            return validate(BudgetAllocator.allocate(List.of(one), budget).get(0).ranks(), dims, modes);
        }

        @Override
        public boolean needsSpectra() {
            return true;
        }
    }
}
