package org.tuckerattention.converter.heal;

import java.nio.file.Path;

/**
 * What {@code tucker heal} did.
 *
 * @param metric {@code mean_kld} (lower is better) or {@code mean_cosine} (higher is better), held out
 * @param before the metric of the compressed model as given
 * @param after the metric of the written (best) parameters
 * @param bestStep the step whose parameters were written (0: training did not improve on the input)
 * @param resumedFrom the step a resumed run continued after (0 for a fresh run)
 * @param trainable parameters trained (the Tucker tensors)
 * @param tokensPerSecond training tokens per second of this process's steps
 * @param seconds wall time of this process, loading and writing included
 */
public record HealReport(Path output, String metric, double before, double after, String beforeSummary,
        String afterSummary, int steps, int bestStep, int resumedFrom, long trainable, double tokensPerSecond,
        double seconds) {}
