package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** What a {@link DecodingSession} drives: one causal model's forward step over a per-layer cache. */
interface Decoder {

    /** One empty cache per layer. */
    LayerCache[] newCaches();

    /**
     * Runs {@code tokens} at positions {@code start ..} through the model, growing {@code caches};
     * intermediate arrays go to {@code step}. Returns the logits of every new token {@code (T, vocab)},
     * or of the last one only {@code (1, vocab)}, as an array that autograd can differentiate.
     */
    NDArray logits(int[] tokens, LayerCache[] caches, int start, NDManager step, boolean everyRow);

    /** {@link #logits} copied to Java. */
    default Logits step(int[] tokens, LayerCache[] caches, int start, NDManager step, boolean everyRow) {
        NDArray logits = logits(tokens, caches, start, step, everyRow);
        return new Logits(everyRow ? tokens.length : 1, Math.toIntExact(logits.getShape().get(1)), logits.toFloatArray());
    }

    /** The manager that owns the weights; sessions open sub-managers of it. */
    NDManager manager();

    /** Longest context the model was trained for. */
    int maxPositions();
}
