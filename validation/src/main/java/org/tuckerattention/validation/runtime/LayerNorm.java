package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;

/** {@code (x - mean) / sqrt(var + eps) · w + b} over the last axis (biased variance, as PyTorch). */
record LayerNorm(NDArray weight, NDArray bias, float eps) {

    NDArray apply(NDArray x) {
        NDArray centred = x.sub(x.mean(new int[] {-1}, true));
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(eps).sqrt()).mul(weight).add(bias);
    }
}
