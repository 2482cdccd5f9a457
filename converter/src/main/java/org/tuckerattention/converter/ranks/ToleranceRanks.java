package org.tuckerattention.converter.ranks;

import java.util.List;

/**
 * The smallest ranks meeting a relative error tolerance for HOSVD (DESIGN §4.2), as MATLAB Tensor
 * Toolbox {@code hosvd(X, tol)} does: each mode n gets the least rank whose discarded tail energy is at
 * most {@code tol² ‖X‖² / 3}. The HOSVD error is at most the square root of the summed tails, so the
 * tolerance is met; the actual error is what the decomposition then reports.
 */
final class ToleranceRanks {

    static int[] smallest(double tolerance, int[] dims, List<Spectrum> spectra) {
        TensorSpectra t = new TensorSpectra(0, "tensor", dims, spectra);
        double allowed = tolerance * tolerance / 3;
        double[][] tails = new double[3][];
        int[] r = new int[3];
        for (int n = 0; n < 3; n++) {
            tails[n] = t.relativeTail(n + 1);
            r[n] = 1;
            while (r[n] < dims[n] && tails[n][r[n]] > allowed) {
                r[n]++;
            }
            // A mode-n unfolding has rank at most the product of the other dimensions: nothing lies beyond.
            r[n] = (int) Math.min(r[n], (long) dims[(n + 1) % 3] * dims[(n + 2) % 3]);
        }
        // r_n ≤ r_m r_k must hold; raising a rank only lowers its tail, so the tolerance stays met.
        for (int n = violated(r); n >= 0; n = violated(r)) {
            int a = (n + 1) % 3;
            int b = (n + 2) % 3;
            boolean raiseA = r[a] < dims[a] && (r[b] >= dims[b] || gain(tails[a], r[a]) >= gain(tails[b], r[b]));
            r[raiseA ? a : b]++;
        }
        return r;
    }

    /** The first mode whose rank exceeds the product of the other two, or -1. */
    private static int violated(int[] r) {
        for (int n = 0; n < 3; n++) {
            if (r[n] > (long) r[(n + 1) % 3] * r[(n + 2) % 3]) {
                return n;
            }
        }
        return -1;
    }

    private static double gain(double[] tail, int rank) {
        return tail[rank] - tail[rank + 1];
    }

    private ToleranceRanks() {}
}
