package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import org.tuckerattention.formats.adapters.AttentionGeometry;

/**
 * Tucker attention of one layer (DESIGN §5): the pre-softmax side gives the attention weights, the
 * post-softmax side the output. The cache holds only the key latent {@code X U3} (slot 0) and the
 * value latent {@code X Ũ3} (slot 1): {@code r3 + s3} values per token.
 */
final class TuckerAttention implements AttentionLayer {

    private final TuckerLogits logits;
    private final TuckerOutput output;
    private final boolean causal;

    private TuckerAttention(TuckerLogits logits, TuckerOutput output, boolean causal) {
        this.logits = logits;
        this.output = output;
        this.causal = causal;
    }

    static TuckerAttention read(Weights w, AttentionGeometry g, TuckerLayout layout, TuckerLayout.LayerSpec spec,
            boolean causal) {
        TuckerLogits pre = TuckerLogits.read(new TensorGroup(w, spec.prefix() + "tucker.pre."), g, layout, spec.pre());
        TuckerOutput post = TuckerOutput.read(new TensorGroup(w, spec.prefix() + "tucker.post."), g, spec.post());
        return new TuckerAttention(pre, post, causal);
    }

    @Override
    public NDArray forward(NDArray x, LayerCache cache, int start) {
        return output.output(logits.weights(x, cache, start, causal), x, cache);
    }

    /** The stored tensors of both sides by full name (checkpoint names, stored shapes). */
    Map<String, NDArray> stored() {
        Map<String, NDArray> all = new HashMap<>(logits.stored());
        all.putAll(output.stored());
        return all;
    }

    /** Forms the forward pass's arrays again from the stored tensors, attached to {@code scope}. */
    void rebuild(NDManager scope) {
        logits.rebuild(scope);
        output.rebuild(scope);
    }

    @Override
    public LayerCache newCache() {
        return new LayerCache(2);
    }

    @Override
    public long parameterCount() {
        return logits.parameterCount() + output.parameterCount();
    }

    @Override
    public long cacheValuesPerToken() {
        return logits.keyWidth() + output.valueWidth();
    }
}
