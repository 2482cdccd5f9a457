package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Softmax attention of {@code nH} query heads over {@code G} shared key/value heads, query head
 * {@code i} reading group {@code i / (nH / G)}: GQA for {@code G < nH}, MHA for {@code G = nH}, and the
 * MQA shape of Tucker attention for {@code G = 1} (DESIGN §5). Heads of a group are stacked along the
 * token axis, so no key or value is repeated.
 */
final class GroupedAttention {

    /**
     * Attention weights {@code softmax(q kᵀ · scale + mask)}, {@code (nH, T, Tk)}.
     *
     * @param q queries {@code (nH, T, w)}
     * @param keysT transposed keys {@code (G, w, Tk)}
     * @param start position of the first query token; with {@code causal}, query {@code t} sees keys
     *     {@code 0 .. start + t}
     */
    static NDArray weights(NDArray q, NDArray keysT, float scale, int start, boolean causal) {
        Shape qs = q.getShape();
        long nH = qs.get(0);
        long tokens = qs.get(1);
        long groups = keysT.getShape().get(0);
        long keys = keysT.getShape().get(2);
        // The scale goes on the queries and the mask is added in place: (T, w) work instead of (T, Tk) copies.
        NDArray scaled = scale != 1f ? Scalar.times(q, scale) : q;
        NDArray scores = scaled.reshape(groups, nH / groups * tokens, qs.get(2)).matMul(keysT).reshape(nH, tokens, keys);
        if (causal && tokens > 1) {
            scores.addi(causalMask(q.getManager(), (int) tokens, (int) keys, start));
        }
        return scores.softmax(-1);
    }

    /** {@code Σ_n weights[i, t, n] · values[g(i), n]}: {@code (nH, T, w)} from values {@code (G, Tk, w)}. */
    static NDArray mix(NDArray weights, NDArray values) {
        Shape ws = weights.getShape();
        long groups = values.getShape().get(0);
        return weights.reshape(groups, ws.get(0) / groups * ws.get(1), ws.get(2))
                .matMul(values)
                .reshape(ws.get(0), ws.get(1), values.getShape().get(2));
    }

    /** {@code (T, Tk)}: 0 where query {@code t} may see key {@code n <= start + t}, minus infinity elsewhere. */
    private static NDArray causalMask(NDManager manager, int tokens, int keys, int start) {
        float[] mask = new float[tokens * keys];
        for (int t = 0; t < tokens; t++) {
            for (int n = start + t + 1; n < keys; n++) {
                mask[t * keys + n] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(mask, new Shape(tokens, keys));
    }

    private GroupedAttention() {}
}
