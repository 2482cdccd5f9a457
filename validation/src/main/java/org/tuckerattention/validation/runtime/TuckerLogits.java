package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.MlaDims;

/**
 * The pre-softmax side of Tucker attention (docs/checkpoint-format.md, tensors {@code P + "tucker.pre."}):
 * attention weights from the shared query latent {@code X U2} and the cached key latent {@code X U3}.
 * Dense core: per-head queries {@code X U2 B_i (+ query_bias_i)} against the one shared key {@code X U3},
 * optionally rotated in the latent space. Head-factored: {@code q_i = X U2 A_i + query_bias_i} against
 * {@code k_g = X U3 C_g + key_bias_g}, rotated as the original model rotates its heads. No scale: it is
 * folded into the stored tensors.
 */
final class TuckerLogits {

    private final NDArray uQuery;
    private final NDArray uKey;
    /** Dense only: {@code U1 (nH, r1)} and the core {@code C (r1, r2, r3)}, as stored. */
    private final Optional<NDArray> uHead;
    /** Dense: the core {@code C (r1, r2, r3)}; head-factored: {@code A (nH, r2, w)}. */
    private final NDArray storedCore;
    /** Head-factored only: {@code C (nKV, r3, w)}. */
    private final Optional<NDArray> keyCore;
    private final Optional<NDArray> storedQueryBias;
    private final Optional<NDArray> storedKeyBias;
    private final Optional<Rotary> rotary;
    private final Map<String, NDArray> stored;
    /** Formed from the stored tensors by {@link #rebuild}: {@code B (nH, r2, r3)} (dense) or {@code A}. */
    private NDArray queryCore;
    private Optional<NDArray> queryBias;
    private Optional<NDArray> keyBias;

    private TuckerLogits(NDArray uQuery, NDArray uKey, Optional<NDArray> uHead, NDArray storedCore,
            Optional<NDArray> keyCore, Optional<NDArray> storedQueryBias, Optional<NDArray> storedKeyBias,
            Optional<Rotary> rotary, Map<String, NDArray> stored) {
        this.uQuery = uQuery;
        this.uKey = uKey;
        this.uHead = uHead;
        this.storedCore = storedCore;
        this.keyCore = keyCore;
        this.storedQueryBias = storedQueryBias;
        this.storedKeyBias = storedKeyBias;
        this.rotary = rotary;
        this.stored = stored;
        rebuild(uQuery.getManager());
    }

    static TuckerLogits read(TensorGroup t, AttentionGeometry g, TuckerLayout layout, TuckerLayout.Storage storage) {
        int nH = g.nH();
        int w = g.dH();
        long r2 = t.dim("u_query", 1);
        long r3 = t.dim("u_key", 1);
        // MLA: the factors act on the normalised latents (DESIGN §7), d_c^Q (or d) and d_c^KV wide.
        int queryInput = g.mla().map(m -> m.hasQueryLatent() ? m.qLoraRank() : g.d()).orElse(g.d());
        int keyInput = g.mla().map(MlaDims::kvLoraRank).orElse(g.d());
        NDArray uQuery = t.get("u_query", queryInput, r2);
        NDArray uKey = t.get("u_key", keyInput, r3);
        if (storage == TuckerLayout.Storage.DENSE) {
            if (layout.rope() == TuckerLayout.Rope.HEAD) {
                throw new CheckpointException(t.file(), t.prefix() + ": rope 'head' needs a head-factored pre-softmax "
                        + "core, but it is stored dense");
            }
            long r1 = t.dim("core", 0);
            NDArray core = t.get("core", r1, r2, r3);
            NDArray uHead = t.get("u_head", nH, r1);
            Optional<NDArray> qb = t.optional("query_bias", nH, r3);
            Optional<Rotary> rot = layout.rope() == TuckerLayout.Rope.LATENT
                    ? Optional.of(Rotary.latent((int) r3, layout.latentTheta()))
                    : Optional.empty();
            return new TuckerLogits(uQuery, uKey, Optional.of(uHead), core, Optional.empty(), qb, Optional.empty(), rot,
                    t.read());
        }
        if (layout.rope() == TuckerLayout.Rope.LATENT) {
            throw new CheckpointException(t.file(), t.prefix() + ": rope 'latent' needs a dense pre-softmax core, "
                    + "but it is stored head-factored");
        }
        NDArray a = t.get("a", nH, r2, w);
        NDArray c = t.get("c", g.nKV(), r3, w);
        Optional<NDArray> qb = t.optional("query_bias", nH, w);
        Optional<NDArray> kb = t.optional("key_bias", g.nKV(), w);
        Optional<Rotary> rot = layout.rope() == TuckerLayout.Rope.HEAD && g.rope().present()
                ? Optional.of(Rotary.of(g.rope()))
                : Optional.empty();
        return new TuckerLogits(uQuery, uKey, Optional.empty(), a, Optional.of(c), qb, kb, rot, t.read());
    }

    /**
     * Forms the arrays the forward pass uses from the stored tensors (at load, and after the stored
     * tensors change); they are attached to {@code scope}.
     */
    void rebuild(NDManager scope) {
        if (uHead.isPresent()) {
            long r1 = storedCore.getShape().get(0);
            long r2 = storedCore.getShape().get(1);
            long r3 = storedCore.getShape().get(2);
            long nH = uHead.get().getShape().get(0);
            // B_i = Σ_a U1[i, a] C[a], formed once per rebuild rather than at every step.
            queryCore = uHead.get().matMul(storedCore.reshape(r1, r2 * r3)).reshape(nH, r2, r3);
            queryCore.attach(scope);
        } else {
            queryCore = storedCore;
        }
        queryBias = storedQueryBias.map(v -> shaped(v, scope));
        keyBias = storedKeyBias.map(v -> shaped(v, scope));
    }

    /** {@code v (n, w)} as {@code (n, 1, w)}, to broadcast over tokens. */
    private static NDArray shaped(NDArray v, NDManager scope) {
        NDArray r = v.reshape(v.getShape().get(0), 1, v.getShape().get(1));
        r.attach(scope);
        return r;
    }

    /** The stored tensors of this side by full name. */
    Map<String, NDArray> stored() {
        return stored;
    }

    /** Attention weights {@code (nH, T, Tk)}; appends this step's key latent {@code X U3} to cache slot 0. */
    NDArray weights(NDArray x, LayerCache cache, int start, boolean causal) {
        NDArray[] qk = queriesAndKeys(x, x, cache, start);
        return GroupedAttention.weights(qk[0], qk[1].transpose(0, 2, 1), 1f, start, causal);
    }

    /**
     * Queries {@code (nH, T, ·)} from {@code queryInput} and keys {@code (G, Tk, ·)} (G = nKV head-factored, 1
     * dense) from the cached key latent, rotated as the layout says; appends {@code keyInput U3} to cache slot 0.
     */
    NDArray[] queriesAndKeys(NDArray queryInput, NDArray keyInput, LayerCache cache, int start) {
        long tokens = queryInput.getShape().get(0);
        NDArray keyLatent = cache.append(0, keyInput.matMul(uKey), 0);
        long keys = keyLatent.getShape().get(0);
        NDArray queryLatent = queryInput.matMul(uQuery);
        NDArray q = queryLatent.reshape(1, tokens, queryLatent.getShape().get(1)).matMul(queryCore);
        if (queryBias.isPresent()) {
            q = q.add(queryBias.get());
        }
        if (keyCore.isPresent()) {
            NDArray k = keyLatent.reshape(1, keys, keyLatent.getShape().get(1)).matMul(keyCore.get());
            if (keyBias.isPresent()) {
                k = k.add(keyBias.get());
            }
            if (rotary.isPresent()) {
                q = rotary.get().apply(q, start);
                k = rotary.get().apply(k, 0);
            }
            return new NDArray[] {q, k};
        }
        NDArray k = keyLatent;
        if (rotary.isPresent()) {
            q = rotary.get().apply(q, start);
            k = rotary.get().apply(k, 0);
        }
        return new NDArray[] {q, k.reshape(1, keys, k.getShape().get(1))};
    }

    long parameterCount() {
        return stored.values().stream().mapToLong(NDArray::size).sum();
    }

    /** The key latent's width {@code r3}: values per token in the cache. */
    long keyWidth() {
        return uKey.getShape().get(1);
    }
}
