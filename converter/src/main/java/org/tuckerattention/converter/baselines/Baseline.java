package org.tuckerattention.converter.baselines;

import java.util.Map;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * A training-free conversion of a model's attention to a cheaper mechanism (GQA, an MLA-style latent,
 * per-matrix low rank). It is written as an ordinary dense checkpoint of the original shapes, so the
 * runtime runs it unchanged; what the mechanism would store is counted here in closed form.
 */
public interface Baseline {

    /** Short method name: "gqa", "mla" or "svd". */
    String method();

    /** The chosen shape in words, e.g. "4 -> 2 key/value heads". */
    String description();

    /** The chosen ranks or head counts, for tucker_baseline.json. */
    Map<String, Integer> settings();

    /** Attention parameters of one layer as the mechanism would store them (weights and biases). */
    long parametersPerLayer();

    /** Values one token adds to one layer's KV cache in that mechanism (a latent cache where it has one). */
    long kvValuesPerLayer();

    /** The layer's weights rebuilt densely in the original geometry (same shapes, same biases kept). */
    AttentionWeights convert(AttentionWeights original);
}
