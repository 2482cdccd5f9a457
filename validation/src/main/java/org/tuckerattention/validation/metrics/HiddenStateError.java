package org.tuckerattention.validation.metrics;

/**
 * Relative error of the candidate's last hidden states against the original's,
 * {@code ‖H_Q − H_P‖_F / ‖H_P‖_F}, accumulated in double over every token of every sentence.
 */
public final class HiddenStateError {

    private double difference;
    private double reference;

    /** Adds one sentence's hidden states (same shape in both). */
    public void add(float[] original, float[] candidate) {
        for (int i = 0; i < original.length; i++) {
            double e = candidate[i] - original[i];
            difference += e * e;
            reference += (double) original[i] * original[i];
        }
    }

    public double relative() {
        return Math.sqrt(difference / reference);
    }
}
