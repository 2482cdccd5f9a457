package org.tuckerattention.converter.compress;

import java.util.List;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.MlaDims;
import org.tuckerattention.formats.adapters.MlaWeights;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * What an MLA layer (DESIGN §7) keeps besides its two Tucker sides (docs/checkpoint-format.md): the
 * down-projections into the latents and their RMSNorms, copied unchanged under their names, and the
 * decoupled RoPE rows of the queries, written as {@code tucker.pre.query_rope} with the softmax scale folded.
 * The Tucker sides live in the normalised latent coordinates: the pre-softmax tensor has modes (head, query
 * input, kv-latent) and the post-softmax tensor (head, output, kv-latent).
 */
final class MlaParts {

    /** Tensors kept unchanged, relative to the attention prefix (the query ones only with a query latent). */
    static final List<String> KEPT =
            List.of("q_a_proj.weight", "q_a_layernorm.weight", "kv_a_proj_with_mqa.weight", "kv_a_layernorm.weight");

    /** The pre-softmax dimensions (nH, query input, key input): d_c^Q (or d without a query latent) and d_c^KV for MLA. */
    static int[] preDims(AttentionGeometry g) {
        return g.mla().map(m -> new int[] {g.nH(), queryInput(g, m), m.kvLoraRank()})
                .orElse(new int[] {g.nH(), g.d(), g.d()});
    }

    /** The post-softmax dimensions (nH, output, value input): d_c^KV is the value input of MLA. */
    static int[] postDims(AttentionGeometry g) {
        return new int[] {g.nH(), g.d(), g.mla().map(MlaDims::kvLoraRank).orElse(g.d())};
    }

    /** The softmax scale the original applies: {@code 1/sqrt(d_H)}, for MLA {@code 1/sqrt(d_nope + d_rope)}. */
    static double softmaxScale(AttentionGeometry g) {
        return 1 / Math.sqrt(g.mla().map(m -> m.qkNopeHeadDim() + m.qkRopeHeadDim()).orElse(g.dH()));
    }

    /** Values of the kept tensors of one layer (0 without MLA). */
    static long keptParameters(AttentionGeometry g) {
        return g.mla().map(m -> (m.hasQueryLatent() ? (long) g.d() * m.qLoraRank() + m.qLoraRank() : 0)
                + (long) g.d() * (m.kvLoraRank() + m.qkRopeHeadDim()) + m.kvLoraRank()).orElse(0L);
    }

    /** Values of {@code query_rope} of one layer (0 without MLA): {@code nH·d_rope × query input}. */
    static long queryRopeParameters(AttentionGeometry g) {
        return g.mla().map(m -> (long) g.nH() * m.qkRopeHeadDim() * queryInput(g, m)).orElse(0L);
    }

    /** KV-cache values per token the kept part adds (the rotated shared rope key; 0 without MLA). */
    static long keptKvValues(AttentionGeometry g) {
        return g.mla().map(m -> (long) m.qkRopeHeadDim()).orElse(0L);
    }

    /** {@code query_rope}: the RoPE rows of q_b_proj (or q_proj), {@code (nH·d_rope, query input)}, times the scale. */
    static TuckerTensor queryRope(MlaWeights parts, double scale) {
        Matrix m = parts.queryRope();
        double[] out = new double[m.rows() * m.cols()];
        float[] data = m.data();
        for (int k = 0; k < out.length; k++) {
            out[k] = scale * data[k];
        }
        return new TuckerTensor("query_rope", new long[] {m.rows(), m.cols()}, out);
    }

    private static int queryInput(AttentionGeometry g, MlaDims m) {
        return m.hasQueryLatent() ? m.qLoraRank() : g.d();
    }

    private MlaParts() {}
}
