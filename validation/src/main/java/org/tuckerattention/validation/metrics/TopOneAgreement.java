package org.tuckerattention.validation.metrics;

/** The share of scored tokens where the candidate's most likely next token is the original's ("same top"). */
public final class TopOneAgreement {

    /** {@code same[t]}: whether both models' top tokens agree at scored token t. */
    public static TopOneStats of(boolean[] same) {
        double[] hits = new double[same.length];
        for (int t = 0; t < same.length; t++) {
            hits[t] = same[t] ? 1 : 0;
        }
        MeanStats m = MeanStats.of(hits);
        return new TopOneStats(m.n(), m.mean(), m.standardError());
    }

    private TopOneAgreement() {}
}
