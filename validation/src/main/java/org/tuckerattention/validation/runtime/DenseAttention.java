package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import java.util.Optional;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * The original attention (DESIGN §3): separate Q/K/V/O projections with optional biases, RoPE in
 * either layout on the first rotary dims of each head, GQA, scale {@code 1/sqrt(dH)}. The cache
 * holds the rotated keys (transposed, {@code (nKV, dH, Tk)}) and the values {@code (nKV, Tk, dV)}.
 */
final class DenseAttention implements AttentionLayer {

    private final AttentionGeometry g;
    private final int layer;
    private final AttentionObserver observer;
    private final boolean causal;
    private final NDArray wq;
    private final NDArray wk;
    private final NDArray wv;
    private final NDArray wo;
    private final Optional<NDArray> bq;
    private final Optional<NDArray> bk;
    private final Optional<NDArray> bv;
    private final Optional<NDArray> bo;
    private final Optional<Rotary> rotary;
    private final float scale;

    DenseAttention(AttentionWeights w, Weights store, boolean causal, AttentionObserver observer) {
        this.g = w.geometry();
        this.layer = w.layer();
        this.observer = observer;
        this.causal = causal;
        this.wq = store.transposed(w.wq());
        this.wk = store.transposed(w.wk());
        this.wv = store.transposed(w.wv());
        this.wo = store.transposed(w.wo());
        this.bq = w.bq().map(store::vector);
        this.bk = w.bk().map(store::vector);
        this.bv = w.bv().map(store::vector);
        this.bo = w.bo().map(store::vector);
        this.rotary = g.rope().present() ? Optional.of(Rotary.of(g.rope())) : Optional.empty();
        this.scale = (float) (1 / Math.sqrt(g.dH()));
    }

    @Override
    public NDArray forward(NDArray x, LayerCache cache, int start) {
        observer.input(layer, x);
        long tokens = x.getShape().get(0);
        NDArray q = heads(linear(x, wq, bq), g.nH(), tokens, g.dH());
        NDArray k = heads(linear(x, wk, bk), g.nKV(), tokens, g.dH());
        NDArray v = heads(linear(x, wv, bv), g.nKV(), tokens, g.dV());
        if (rotary.isPresent()) {
            q = rotary.get().apply(q, start);
            k = rotary.get().apply(k, start);
        }
        NDArray keysT = cache.append(0, k.transpose(0, 2, 1), 2);
        NDArray values = cache.append(1, v, 1);
        NDArray weights = GroupedAttention.weights(q, keysT, scale, start, causal);
        observer.weights(layer, weights, start);
        NDArray z = GroupedAttention.mix(weights, values).transpose(1, 0, 2).reshape(tokens, (long) g.nH() * g.dV());
        observer.context(layer, z);
        NDArray y = z.matMul(wo);
        return bo.isPresent() ? y.add(bo.get()) : y;
    }

    /** {@code x W + b}. */
    static NDArray linear(NDArray x, NDArray w, Optional<NDArray> b) {
        NDArray y = x.matMul(w);
        return b.isPresent() ? y.add(b.get()) : y;
    }

    /** {@code (T, n·w)} split into heads, {@code (n, T, w)}. */
    static NDArray heads(NDArray x, long n, long tokens, long width) {
        return x.reshape(tokens, n, width).transpose(1, 0, 2);
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
        return (long) g.nKV() * (g.dH() + g.dV());
    }
}
