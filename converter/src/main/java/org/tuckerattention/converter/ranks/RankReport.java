package org.tuckerattention.converter.ranks;

import java.util.List;

/**
 * The effective-rank report of a checkpoint's original attention (the {@code tucker ranks} command).
 *
 * @param source the checkpoint analysed
 * @param modelType config.json {@code model_type}
 * @param mechanism MHA, GQA, MQA or MLA, with head counts, e.g. "GQA (8 query / 4 key-value heads)"
 * @param ropeAtZeroOffset true for RoPE models: the pre-softmax tensor is taken at offset 0 (DESIGN §5.1)
 * @param threshold relative singular-value threshold used for the numerical rank
 * @param energies energy fractions reported as ranks, e.g. 0.90, 0.95, 0.99, 0.999
 * @param layers per-layer results, in order
 * @param seconds time the analysis took
 */
public record RankReport(
        String source,
        String modelType,
        String mechanism,
        boolean ropeAtZeroOffset,
        double threshold,
        double[] energies,
        List<LayerRanks> layers,
        double seconds) {}
