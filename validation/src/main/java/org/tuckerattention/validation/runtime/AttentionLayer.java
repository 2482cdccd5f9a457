package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;

/** One layer's attention, dense or Tucker: {@code (T, d)} normalised inputs to {@code (T, d)} outputs. */
interface AttentionLayer {

    /**
     * The attention output for {@code x}, tokens at positions {@code start .. start + T - 1}, reading
     * and growing {@code cache} (which holds positions {@code 0 .. start - 1}).
     */
    NDArray forward(NDArray x, LayerCache cache, int start);

    /** A fresh, empty cache for this layer. */
    LayerCache newCache();

    /** Parameters of this attention as stored (weights and biases). */
    long parameterCount();

    /** Values one token adds to this layer's cache, as this runtime stores them. */
    long cacheValuesPerToken();
}
