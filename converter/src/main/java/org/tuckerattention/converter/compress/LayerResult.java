package org.tuckerattention.converter.compress;

/**
 * One compressed layer, as reported.
 *
 * @param layer the layer index
 * @param prefix the attention prefix P of its tensor names (docs/checkpoint-format.md)
 * @param pre the pre-softmax side
 * @param post the post-softmax side
 * @param keptParameters values of the original attention tensors kept unchanged (MLA: the latent
 *     down-projections and their norms; 0 otherwise)
 * @param keptKvValues values per token the kept part adds to the cache (MLA: the shared rope key; 0 otherwise)
 * @param parametersBefore the original attention projections' weights and biases
 * @param kvValuesBefore values one token adds to this layer's KV cache in the original
 * @param seconds time spent decomposing and writing this layer
 */
public record LayerResult(
        int layer, String prefix, SideSummary pre, SideSummary post, long keptParameters, long keptKvValues,
        long parametersBefore, long kvValuesBefore, double seconds) {

    /** Values stored for both sides and the kept tensors. */
    public long parametersAfter() {
        return pre.parameters() + post.parameters() + keptParameters;
    }

    /** {@code r3 + s3} (+ the MLA rope key): the key latent {@code X U3} and the value latent {@code X Ũ3}. */
    public long kvValuesAfter() {
        return (long) pre.ranks()[2] + post.ranks()[2] + keptKvValues;
    }
}
