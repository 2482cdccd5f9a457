package org.tuckerattention.formats.adapters;

import java.util.Optional;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * The parts of one MLA layer that are not per-head Tucker factors (DESIGN §7): the down-projections
 * into the latents, their RMSNorms, and the decoupled RoPE rows, kept as they are.
 *
 * @param queryDown {@code q_a_proj} (d_c^Q × d), empty without a query latent
 * @param queryDownNorm {@code q_a_layernorm} weight (d_c^Q), empty without a query latent
 * @param queryRope the RoPE rows of {@code q_b_proj} / {@code q_proj}, (nH·d_rope × query input)
 * @param keyValueDown the latent rows of {@code kv_a_proj_with_mqa} (d_c^KV × d)
 * @param keyRope the shared rope-key rows of {@code kv_a_proj_with_mqa} (d_rope × d)
 * @param keyValueDownNorm {@code kv_a_layernorm} weight (d_c^KV)
 */
public record MlaWeights(
        Optional<Matrix> queryDown,
        Optional<float[]> queryDownNorm,
        Matrix queryRope,
        Matrix keyValueDown,
        Matrix keyRope,
        float[] keyValueDownNorm) {}
