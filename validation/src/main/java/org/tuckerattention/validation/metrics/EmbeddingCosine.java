package org.tuckerattention.validation.metrics;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** Cosine similarity between the original's and the candidate's pooled embeddings of each sentence. */
public final class EmbeddingCosine {

    /** {@code a·b / (|a| |b|)}. */
    public static double of(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** Mean and minimum over sentences. */
    public static CosineStats summary(double[] perSentence) {
        SummaryStatistics s = new SummaryStatistics();
        for (double c : perSentence) {
            s.addValue(c);
        }
        return new CosineStats(perSentence.length, s.getMean(), s.getMin());
    }

    private EmbeddingCosine() {}
}
