package org.tuckerattention.converter.ranks;

import java.util.Arrays;

/**
 * Singular values of one mode unfolding, descending: square roots of the mode Gram's eigenvalues
 * (DESIGN §4.1). From a Gram matrix, values below about {@code sqrt(eps) · σ_max} ≈ 1.5e-8 σ_max are
 * rounding noise, not signal; {@link #rankAtRelativeThreshold} should not be asked below that.
 *
 * @param values singular values, non-negative and descending
 */
public record Spectrum(double[] values) {

    /** Relative threshold below which Gram-derived singular values are not resolved. */
    public static final double RESOLUTION = 1.5e-8;

    public Spectrum {
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || (i > 0 && values[i] > values[i - 1])) {
                throw new IllegalArgumentException("singular values must be non-negative and descending");
            }
        }
    }

    /** From Gram eigenvalues in any order; tiny negative ones (rounding) count as zero. */
    public static Spectrum fromGramEigenvalues(double[] eigenvalues) {
        double[] s = Arrays.stream(eigenvalues).map(e -> Math.sqrt(Math.max(0, e))).sorted().toArray();
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return new Spectrum(s);
    }

    public int size() {
        return values.length;
    }

    public double max() {
        return values.length == 0 ? 0 : values[0];
    }

    /** Σ σ², the squared Frobenius norm of the tensor (the same for every mode). */
    public double energy() {
        double e = 0;
        for (double v : values) {
            e += v * v;
        }
        return e;
    }

    /** σ / σ_max (all zeros for a zero tensor). */
    public double[] normalized() {
        double m = max();
        return Arrays.stream(values).map(v -> m == 0 ? 0 : v / m).toArray();
    }

    /** Fraction of the energy in the leading k values, for k = 1..size. */
    public double[] cumulativeEnergy() {
        double total = energy();
        double[] c = new double[values.length];
        double run = 0;
        for (int i = 0; i < values.length; i++) {
            run += values[i] * values[i];
            c[i] = total == 0 ? 1 : run / total;
        }
        return c;
    }

    /** Smallest k whose leading values hold at least {@code fraction} of the energy (0 for a zero tensor). */
    public int energyRank(double fraction) {
        if (energy() == 0) {
            return 0;
        }
        double[] c = cumulativeEnergy();
        for (int i = 0; i < c.length; i++) {
            // A hair of slack so 100 % is reached despite rounding in the running sum.
            if (c[i] >= fraction - 1e-12) {
                return i + 1;
            }
        }
        return c.length;
    }

    /** How many values exceed {@code relative · σ_max}: the numerical rank at that threshold. */
    public int rankAtRelativeThreshold(double relative) {
        double cut = relative * max();
        int k = 0;
        while (k < values.length && values[k] > cut) {
            k++;
        }
        return k;
    }

    /** Σσ² / σ_max², a smooth lower bound of the rank (0 for a zero tensor). */
    public double stableRank() {
        double m = max();
        return m == 0 ? 0 : energy() / (m * m);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spectrum s && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Spectrum" + Arrays.toString(values);
    }
}
