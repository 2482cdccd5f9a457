package org.tuckerattention.formats.adapters;

import java.util.Optional;

/**
 * Head counts and sizes of a model's attention, the same in every layer. Names follow DESIGN §3:
 * {@code d} model width, {@code nH} query heads, {@code nKV} key/value heads, {@code dH} query/key
 * head width, {@code dV} value head width.
 *
 * <p>For MLA the canonical Q/K/V factors live in latent coordinates (DESIGN §7): queries read the
 * query latent (or the model width without one), keys and values read the KV latent, and {@code dH}
 * is the no-position part of the query/key head.
 *
 * @param qkvBias whether the query/key/value projections carry biases
 * @param outputBias whether the output projection carries a bias
 */
public record AttentionGeometry(
        int layers,
        int d,
        int nH,
        int nKV,
        int dH,
        int dV,
        Rope rope,
        boolean qkvBias,
        boolean outputBias,
        Optional<MlaDims> mla) {

    public AttentionGeometry {
        if (layers <= 0 || d <= 0 || nH <= 0 || nKV <= 0 || dH <= 0 || dV <= 0) {
            throw new IllegalArgumentException("attention sizes must be positive");
        }
        if (nH % nKV != 0) {
            throw new IllegalArgumentException(nKV + " key/value heads do not divide " + nH + " query heads");
        }
    }

    /** Multi-head, grouped- or multi-query attention with equal query/key and value head widths. */
    public static AttentionGeometry standard(
            int layers, int d, int nH, int nKV, int dH, Rope rope, boolean qkvBias, boolean outputBias) {
        return new AttentionGeometry(layers, d, nH, nKV, dH, dH, rope, qkvBias, outputBias, Optional.empty());
    }

    public Mechanism mechanism() {
        if (mla.isPresent()) {
            return Mechanism.MLA;
        }
        if (nKV == nH) {
            return Mechanism.MHA;
        }
        return nKV == 1 ? Mechanism.MQA : Mechanism.GQA;
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return nH / nKV;
    }

    /** The key/value head {@code g(i) = floor(i / (nH / nKV))} that query head {@code i} reads. */
    public int group(int head) {
        return head / groupSize();
    }

    /** Width of the vectors the query factors read: the query latent for MLA, else {@code d}. */
    public int queryInputDim() {
        return mla.filter(MlaDims::hasQueryLatent).map(MlaDims::qLoraRank).orElse(d);
    }

    /** Width of the vectors the key and value factors read: the KV latent for MLA, else {@code d}. */
    public int keyValueInputDim() {
        return mla.map(MlaDims::kvLoraRank).orElse(d);
    }

    /** Parameters of one layer's attention projections as stored (weights and biases, norms of MLA). */
    public long parametersPerLayer() {
        long weights;
        if (mla.isPresent()) {
            MlaDims m = mla.get();
            long qHead = (long) m.qkNopeHeadDim() + m.qkRopeHeadDim();
            long query = m.hasQueryLatent()
                    ? (long) d * m.qLoraRank() + m.qLoraRank() + (long) m.qLoraRank() * nH * qHead
                    : (long) d * nH * qHead;
            long kv = (long) d * (m.kvLoraRank() + m.qkRopeHeadDim()) + m.kvLoraRank()
                    + (long) m.kvLoraRank() * nH * (m.qkNopeHeadDim() + m.vHeadDim());
            weights = query + kv + (long) nH * m.vHeadDim() * d;
        } else {
            weights = (long) d * ((long) nH * dH + (long) nKV * (dH + dV)) + (long) nH * dV * d;
        }
        long biases = (qkvBias ? (long) nH * dH + (long) nKV * (dH + dV) : 0) + (outputBias ? d : 0);
        return weights + biases;
    }

    /** Values one token adds to the KV cache of one layer, as the original mechanism stores them. */
    public long kvCacheValuesPerLayer() {
        return mla.map(m -> (long) m.kvLoraRank() + m.qkRopeHeadDim()).orElse((long) nKV * (dH + dV));
    }
}
