package org.tuckerattention.converter.heal;

/**
 * One held-out evaluation with the validate metrics: mean KL divergence (nats, lower is better) and
 * top-1 agreement for causal models, mean cosine of pooled embeddings (higher is better) for encoders.
 *
 * @param metric the name written to the healing record, {@code mean_kld} or {@code mean_cosine}
 * @param value the metric that picks the best step
 * @param summary every figure of the evaluation, for the progress line
 */
record HeldOut(int step, String metric, double value, boolean higherIsBetter, String summary) {

    /** Whether this evaluation is strictly better than {@code other}. */
    boolean betterThan(HeldOut other) {
        return higherIsBetter ? value > other.value : value < other.value;
    }
}
