package org.tuckerattention.validation.metrics;

/**
 * Perplexity {@code exp(mean NLL)} of scored tokens, with its uncertainty as llama.cpp's
 * {@code llama-perplexity} prints it: {@code PPL · SE(NLL)} (first-order propagation of the standard
 * error of the mean NLL).
 */
public final class Perplexity {

    /** Statistics of per-token negative log-likelihoods, in nats. */
    public static PerplexityStats of(double[] nll) {
        MeanStats m = MeanStats.of(nll);
        double ppl = Math.exp(m.mean());
        return new PerplexityStats(m.n(), m.mean(), ppl, ppl * m.standardError());
    }

    /** NLL of {@code token} under a row of log-probabilities, in nats. */
    public static double nll(double[] logProbabilities, int token) {
        return -logProbabilities[token];
    }

    private Perplexity() {}
}
