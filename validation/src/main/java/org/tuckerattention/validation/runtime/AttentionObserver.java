package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;

/**
 * Sees what the original (dense) attention layers of a running model read and compute, e.g. to collect
 * calibration statistics. The arrays live only for the call: copy out what is needed. Tucker and MLA
 * layers report nothing.
 */
public interface AttentionObserver {

    /** Observes nothing. */
    AttentionObserver NONE = new AttentionObserver() {};

    /** Layer {@code layer}'s attention input {@code (T, d)}: after the norm (pre-norm) or the layer input (post-norm). */
    default void input(int layer, NDArray x) {}

    /**
     * Layer {@code layer}'s attention weights {@code (nH, T, Tk)} after the softmax; query {@code t} is at
     * position {@code start + t}, key {@code n} at position {@code n}.
     */
    default void weights(int layer, NDArray weights, int start) {}

    /** Layer {@code layer}'s mixed values {@code (T, nH·dV)}: the input of the output projection. */
    default void context(int layer, NDArray z) {}
}
