package org.tuckerattention.validation.metrics;

/** Δp = q(correct token) − p(correct token): how much probability the candidate moves on the text's own tokens. */
public final class DeltaP {

    /** Mean (with standard error) and root mean square of per-token Δp, probabilities in [0, 1]. */
    public static DeltaPStats of(double[] deltas) {
        MeanStats m = MeanStats.of(deltas);
        double sq = 0;
        for (double d : deltas) {
            sq += d * d;
        }
        return new DeltaPStats(m.n(), m.mean(), m.standardError(), deltas.length == 0 ? 0 : Math.sqrt(sq / deltas.length));
    }

    private DeltaP() {}
}
