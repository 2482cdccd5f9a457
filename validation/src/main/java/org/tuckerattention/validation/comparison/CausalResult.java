package org.tuckerattention.validation.comparison;

import org.tuckerattention.validation.metrics.DeltaPStats;
import org.tuckerattention.validation.metrics.KlStats;
import org.tuckerattention.validation.metrics.PerplexityStats;
import org.tuckerattention.validation.metrics.TopOneStats;

/**
 * The metrics of a causal model against its original on the same scored tokens.
 *
 * @param tokensRun tokens each model ran (every token of every chunk)
 * @param originalSeconds time of the original's forward passes
 */
public record CausalResult(PerplexityStats original, PerplexityStats candidate, KlStats kl, TopOneStats topOne,
        DeltaPStats deltaP, long tokensRun, double originalSeconds, double candidateSeconds) {

    /** Candidate perplexity over original perplexity. */
    public double perplexityRatio() {
        return candidate.perplexity() / original.perplexity();
    }
}
