package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.MlaDims;

/**
 * The post-softmax side of Tucker attention (docs/checkpoint-format.md, tensors {@code P + "tucker.post."}):
 * {@code Z_i = A_i V} with the cached value latent {@code V = X Ũ3}, then dense
 * {@code Y = Σ_a (Σ_i Ũ1[i,a] Z_i) C̃[a]ᵀ Ũ2ᵀ} (heads mixed first, DESIGN §5) or head-factored
 * {@code Y = Σ_i Z_i C̃_g(i) Ã_iᵀ Ũ2ᵀ}, plus the folded output bias.
 */
final class TuckerOutput {

    private final NDArray uValue;
    private final NDArray uOutput;
    /** Dense: {@code Ũ1 (nH, s1)}; head-factored: {@code C̃ (nKV, s3, w)}. */
    private final NDArray first;
    /** Dense: {@code C̃ (s1, s2, s3)}; head-factored: {@code Ã (nH, s2, w)}; as stored. */
    private final NDArray storedSecond;
    private final boolean dense;
    private final Optional<NDArray> outputBias;
    private final Map<String, NDArray> stored;
    /** Formed by {@link #rebuild}: {@code Ũ2ᵀ}, and {@code C̃ᵀ (s1, s3, s2)} or {@code Ãᵀ (nH, w, s2)}. */
    private NDArray uOutputT;
    private NDArray second;

    private TuckerOutput(NDArray uValue, NDArray uOutput, NDArray first, NDArray storedSecond, boolean dense,
            Optional<NDArray> outputBias, Map<String, NDArray> stored) {
        this.uValue = uValue;
        this.uOutput = uOutput;
        this.first = first;
        this.storedSecond = storedSecond;
        this.dense = dense;
        this.outputBias = outputBias;
        this.stored = stored;
        rebuild(uValue.getManager());
    }

    static TuckerOutput read(TensorGroup t, AttentionGeometry g, TuckerLayout.Storage storage) {
        int d = g.d();
        int nH = g.nH();
        long s2 = t.dim("u_output", 1);
        long s3 = t.dim("u_value", 1);
        // MLA: the value factor acts on the normalised kv latent (DESIGN §7).
        NDArray uValue = t.get("u_value", g.mla().map(MlaDims::kvLoraRank).orElse(d), s3);
        NDArray uOutput = t.get("u_output", d, s2);
        Optional<NDArray> bias = t.optional("output_bias", d);
        if (storage == TuckerLayout.Storage.DENSE) {
            long s1 = t.dim("core", 0);
            NDArray core = t.get("core", s1, s2, s3);
            return new TuckerOutput(uValue, uOutput, t.get("u_head", nH, s1), core, true, bias, t.read());
        }
        int w = g.dV();
        NDArray a = t.get("a", nH, s2, w);
        NDArray c = t.get("c", g.nKV(), s3, w);
        return new TuckerOutput(uValue, uOutput, c, a, false, bias, t.read());
    }

    /** Forms the transposed views the forward pass uses from the stored tensors; attached to {@code scope}. */
    void rebuild(NDManager scope) {
        uOutputT = uOutput.transpose();
        uOutputT.attach(scope);
        second = storedSecond.transpose(0, 2, 1);
        second.attach(scope);
    }

    /** The stored tensors of this side by full name. */
    Map<String, NDArray> stored() {
        return stored;
    }

    /**
     * The attention output {@code (T, d)}; appends this step's value latent {@code valueInput Ũ3} to cache slot 1
     * ({@code valueInput}: the layer input, for MLA the normalised kv latent).
     */
    NDArray output(NDArray weights, NDArray valueInput, LayerCache cache) {
        NDArray valueLatent = cache.append(1, valueInput.matMul(uValue), 0);
        long nH = weights.getShape().get(0);
        long tokens = weights.getShape().get(1);
        long s3 = valueLatent.getShape().get(1);
        NDArray z = GroupedAttention.mix(weights, valueLatent.reshape(1, valueLatent.getShape().get(0), s3));
        NDArray perHead;
        if (dense) {
            long s1 = first.getShape().get(1);
            NDArray mixed = z.reshape(nH, tokens * s3).transpose().matMul(first).transpose().reshape(s1, tokens, s3);
            perHead = mixed.matMul(second);
        } else {
            perHead = GroupedAttention.mix(z, first).matMul(second);
        }
        NDArray y = perHead.sum(new int[] {0}).matMul(uOutputT);
        return outputBias.isPresent() ? y.add(outputBias.get()) : y;
    }

    long parameterCount() {
        return stored.values().stream().mapToLong(NDArray::size).sum();
    }

    long valueWidth() {
        return uValue.getShape().get(1);
    }
}
