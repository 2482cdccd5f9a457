package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDManager;

/** What a {@link DecodingSession} drives: one causal model's forward step over a per-layer cache. */
interface Decoder {

    /** One empty cache per layer. */
    LayerCache[] newCaches();

    /**
     * Runs {@code tokens} at positions {@code start ..} through the model, growing {@code caches};
     * intermediate arrays go to {@code step}. Returns the logits of every new token, or of the last
     * one only.
     */
    Logits step(int[] tokens, LayerCache[] caches, int start, NDManager step, boolean everyRow);

    /** The manager that owns the weights; sessions open sub-managers of it. */
    NDManager manager();

    /** Longest context the model was trained for. */
    int maxPositions();
}
