package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.adapters.MlaDims;
import org.tuckerattention.formats.adapters.MlaWeights;

/**
 * DeepSeek-V2/V3 multi-head latent attention (DESIGN §7), without weight absorption: queries from the
 * (normalised) query latent or the input, keys and values rebuilt per head from the cached, normalised
 * KV latent, plus the decoupled RoPE part (interleaved pairs) with one rope key shared by every head.
 * The cache holds the KV latent {@code (Tk, d_c^KV)} and the rotated rope key {@code (Tk, d_rope)}.
 */
final class MlaAttention implements AttentionLayer {

    private final AttentionGeometry g;
    private final MlaDims m;
    private final boolean causal;
    private final Optional<NDArray> queryDown;
    private final Optional<RmsNorm> queryNorm;
    private final NDArray queryNope;
    private final NDArray queryRope;
    private final NDArray kvDown;
    private final RmsNorm kvNorm;
    private final NDArray keyRope;
    private final NDArray keyNope;
    private final NDArray value;
    private final NDArray output;
    private final Rotary rotary;
    private final float scale;

    MlaAttention(AttentionWeights w, Weights store, float eps, boolean causal) {
        this.g = w.geometry();
        this.m = g.mla().orElseThrow();
        this.causal = causal;
        MlaWeights parts = w.mla().orElseThrow();
        this.queryDown = parts.queryDown().map(store::transposed);
        this.queryNorm = parts.queryDownNorm().map(n -> new RmsNorm(store.vector(n), eps));
        this.queryNope = store.transposed(w.wq());
        this.queryRope = store.transposed(parts.queryRope());
        this.kvDown = store.transposed(parts.keyValueDown());
        this.kvNorm = new RmsNorm(store.vector(parts.keyValueDownNorm()), eps);
        this.keyRope = store.transposed(parts.keyRope());
        this.keyNope = store.transposed(w.wk());
        this.value = store.transposed(w.wv());
        this.output = store.transposed(w.wo());
        this.rotary = Rotary.of(g.rope());
        this.scale = (float) (1 / Math.sqrt(m.qkNopeHeadDim() + m.qkRopeHeadDim()));
    }

    @Override
    public NDArray forward(NDArray x, LayerCache cache, int start) {
        long tokens = x.getShape().get(0);
        int nH = g.nH();
        NDArray qIn = queryDown.isPresent() ? queryNorm.orElseThrow().apply(x.matMul(queryDown.get())) : x;
        NDArray qNope = DenseAttention.heads(qIn.matMul(queryNope), nH, tokens, m.qkNopeHeadDim());
        NDArray qPe = rotary.apply(DenseAttention.heads(qIn.matMul(queryRope), nH, tokens, m.qkRopeHeadDim()), start);
        NDArray latent = cache.append(0, kvNorm.apply(x.matMul(kvDown)), 0);
        NDArray kPe = cache.append(1, rotary.apply(x.matMul(keyRope), start), 0);
        long keys = latent.getShape().get(0);
        NDArray kNope = DenseAttention.heads(latent.matMul(keyNope), nH, keys, m.qkNopeHeadDim());
        NDArray v = DenseAttention.heads(latent.matMul(value), nH, keys, m.vHeadDim());
        NDArray q = qNope.concat(qPe, -1);
        NDArray k = kNope.concat(kPe.reshape(1, keys, m.qkRopeHeadDim()).broadcast(new Shape(nH, keys,
                m.qkRopeHeadDim())), -1);
        NDArray z = GroupedAttention.mix(GroupedAttention.weights(q, k.transpose(0, 2, 1), scale, start, causal), v);
        return z.transpose(1, 0, 2).reshape(tokens, (long) nH * m.vHeadDim()).matMul(output);
    }

    @Override
    public LayerCache newCache() {
        return new LayerCache(2);
    }

    @Override
    public long parameterCount() {
        return g.parametersPerLayer();
    }

    @Override
    public long cacheValuesPerToken() {
        return g.kvCacheValuesPerLayer();
    }
}
