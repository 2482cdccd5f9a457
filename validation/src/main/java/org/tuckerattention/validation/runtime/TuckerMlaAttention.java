package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.MlaDims;

/**
 * Tucker attention of an MLA layer (DESIGN §7, docs/checkpoint-format.md): the kept down-projections and
 * RMSNorms give the query input (the normalised query latent, or X without one) and the normalised kv
 * latent; the Tucker sides act on those; the decoupled RoPE part is the original's, its query rows stored
 * as {@code tucker.pre.query_rope} with the softmax scale folded, so no scale is applied here. The cache
 * holds the key latent (slot 0, r3), the value latent (slot 1, s3) and the rotated rope key (slot 2).
 */
final class TuckerMlaAttention implements AttentionLayer {

    private final MlaDims m;
    private final int nH;
    private final Optional<NDArray> queryDown;
    private final Optional<RmsNorm> queryNorm;
    private final NDArray kvDown;
    private final RmsNorm kvNorm;
    private final NDArray keyRope;
    private final NDArray queryRope;
    private final Rotary rotary;
    private final TuckerLogits logits;
    private final TuckerOutput output;
    private final boolean causal;
    private final long parameters;

    private TuckerMlaAttention(MlaDims m, int nH, Optional<NDArray> queryDown, Optional<RmsNorm> queryNorm,
            NDArray kvDown, RmsNorm kvNorm, NDArray keyRope, NDArray queryRope, Rotary rotary, TuckerLogits logits,
            TuckerOutput output, boolean causal, long parameters) {
        this.m = m;
        this.nH = nH;
        this.queryDown = queryDown;
        this.queryNorm = queryNorm;
        this.kvDown = kvDown;
        this.kvNorm = kvNorm;
        this.keyRope = keyRope;
        this.queryRope = queryRope;
        this.rotary = rotary;
        this.logits = logits;
        this.output = output;
        this.causal = causal;
        this.parameters = parameters;
    }

    static TuckerMlaAttention read(Weights w, AttentionGeometry g, TuckerLayout layout, TuckerLayout.LayerSpec spec,
            float eps, boolean causal) {
        if (layout.rope() != TuckerLayout.Rope.DECOUPLED) {
            throw new CheckpointException(w.checkpoint().config().file(), "tucker_attention.rope '"
                    + layout.rope().name().toLowerCase(Locale.ROOT) + "' does not apply to MLA attention;"
                    + " it is 'decoupled'");
        }
        MlaDims m = g.mla().orElseThrow();
        int d = g.d();
        TensorGroup kept = new TensorGroup(w, spec.prefix());
        Optional<NDArray> queryDown = Optional.empty();
        Optional<RmsNorm> queryNorm = Optional.empty();
        int queryInput = d;
        if (m.hasQueryLatent()) {
            queryDown = Optional.of(kept.get("q_a_proj.weight", m.qLoraRank(), d).transpose());
            queryNorm = Optional.of(new RmsNorm(kept.get("q_a_layernorm.weight", m.qLoraRank()), eps));
            queryInput = m.qLoraRank();
        }
        NDArray kvA = kept.get("kv_a_proj_with_mqa.weight", m.kvLoraRank() + m.qkRopeHeadDim(), d).transpose();
        NDArray kvDown = kvA.get(":, :" + m.kvLoraRank());
        NDArray keyRope = kvA.get(":, " + m.kvLoraRank() + ":");
        RmsNorm kvNorm = new RmsNorm(kept.get("kv_a_layernorm.weight", m.kvLoraRank()), eps);
        TensorGroup pre = new TensorGroup(w, spec.prefix() + "tucker.pre.");
        NDArray queryRope = pre.get("query_rope", (long) g.nH() * m.qkRopeHeadDim(), queryInput).transpose();
        TuckerLogits logits = TuckerLogits.read(pre, g, layout, spec.pre());
        TuckerOutput output = TuckerOutput.read(new TensorGroup(w, spec.prefix() + "tucker.post."), g, spec.post());
        return new TuckerMlaAttention(m, g.nH(), queryDown, queryNorm, kvDown, kvNorm, keyRope, queryRope,
                Rotary.of(g.rope()), logits, output, causal,
                kept.parameters() + logits.parameterCount() + output.parameterCount());
    }

    @Override
    public NDArray forward(NDArray x, LayerCache cache, int start) {
        long tokens = x.getShape().get(0);
        NDArray queryInput = queryDown.isPresent() ? queryNorm.orElseThrow().apply(x.matMul(queryDown.get())) : x;
        NDArray kvLatent = kvNorm.apply(x.matMul(kvDown));
        NDArray qPe = rotary.apply(DenseAttention.heads(queryInput.matMul(queryRope), nH, tokens, m.qkRopeHeadDim()),
                start);
        NDArray kPe = cache.append(2, rotary.apply(x.matMul(keyRope), start), 0);
        long keys = kPe.getShape().get(0);
        NDArray[] qk = logits.queriesAndKeys(queryInput, kvLatent, cache, start);
        long groups = qk[1].getShape().get(0);
        NDArray q = qk[0].concat(qPe, -1);
        NDArray k = qk[1].concat(kPe.reshape(1, keys, m.qkRopeHeadDim())
                .broadcast(new Shape(groups, keys, m.qkRopeHeadDim())), -1);
        NDArray weights = GroupedAttention.weights(q, k.transpose(0, 2, 1), 1f, start, causal);
        return output.output(weights, kvLatent, cache);
    }

    @Override
    public LayerCache newCache() {
        return new LayerCache(3);
    }

    @Override
    public long parameterCount() {
        return parameters;
    }

    @Override
    public long cacheValuesPerToken() {
        return logits.keyWidth() + output.valueWidth() + m.qkRopeHeadDim();
    }
}
