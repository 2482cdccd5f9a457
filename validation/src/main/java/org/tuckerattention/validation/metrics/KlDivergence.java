package org.tuckerattention.validation.metrics;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/** KL(P‖Q) per scored token in nats; P = original model (reference), Q = candidate. */
public final class KlDivergence {

    /** {@code Σ_v p_v (log p_v - log q_v)} from two rows of log-probabilities (in double). */
    public static double of(double[] logP, double[] logQ) {
        double s = 0;
        for (int v = 0; v < logP.length; v++) {
            double p = Math.exp(logP[v]);
            if (p > 0) {
                s += p * (logP[v] - logQ[v]);
            }
        }
        // Rounding can leave a tiny negative sum for identical rows; the divergence is never below 0.
        return Math.max(0, s);
    }

    /** Mean (with its standard error), median, 99th percentile and maximum of per-token divergences. */
    public static KlStats summary(double[] perToken) {
        MeanStats m = MeanStats.of(perToken);
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(perToken);
        double max = 0;
        for (double v : perToken) {
            max = Math.max(max, v);
        }
        return new KlStats(m.n(), m.mean(), m.standardError(), p.evaluate(50), p.evaluate(99), max);
    }

    private KlDivergence() {}
}
