package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;

/** {@code x / sqrt(mean(x²) + eps) · w} over the last axis (Llama's RMSNorm). */
record RmsNorm(NDArray weight, float eps) {

    NDArray apply(NDArray x) {
        return x.div(x.square().mean(new int[] {-1}, true).add(eps).sqrt()).mul(weight);
    }
}
