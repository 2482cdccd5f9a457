package org.tuckerattention.formats.adapters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * DeepSeek-V2/V3 multi-head latent attention (DESIGN §7). The per-head Tucker factors are the
 * no-position rows of {@code q_b_proj} (or {@code q_proj} without a query latent) and of
 * {@code kv_b_proj}; they read the normalised latents, not the residual stream. The decoupled RoPE
 * rows and the down-projections are passed through in {@link MlaWeights}.
 */
final class DeepseekV2Adapter implements ArchitectureAdapter {

    private static final String ATTN = "model.layers.%d.self_attn.";

    @Override
    public List<String> modelTypes() {
        return List.of("deepseek_v2", "deepseek_v3");
    }

    @Override
    public AttentionGeometry geometry(HfConfig c) {
        if (c.booleanOr("attention_bias", false)) {
            throw new CheckpointException(c.file(), "MLA with attention_bias = true is not supported");
        }
        int nH = c.requirePositiveInt("num_attention_heads");
        MlaDims m = new MlaDims(
                c.has("q_lora_rank") ? c.requirePositiveInt("q_lora_rank") : 0,
                c.requirePositiveInt("kv_lora_rank"),
                c.requirePositiveInt("qk_nope_head_dim"),
                c.requirePositiveInt("qk_rope_head_dim"),
                c.requirePositiveInt("v_head_dim"));
        Rope rope = new Rope(Rope.Layout.INTERLEAVED, c.doubleOr("rope_theta", 10000.0), m.qkRopeHeadDim());
        return new AttentionGeometry(
                c.requirePositiveInt("num_hidden_layers"),
                c.requirePositiveInt("hidden_size"),
                nH, nH, m.qkNopeHeadDim(), m.vHeadDim(), rope, false, false, Optional.of(m));
    }

    @Override
    public Map<String, long[]> attentionTensors(Checkpoint ckpt, AttentionGeometry g, int layer) {
        String p = ATTN.formatted(layer);
        MlaDims m = g.mla().orElseThrow();
        long heads = g.nH();
        long qHead = m.qkNopeHeadDim() + m.qkRopeHeadDim();
        Map<String, long[]> t = new LinkedHashMap<>();
        if (m.hasQueryLatent()) {
            t.put(p + "q_a_proj.weight", new long[] {m.qLoraRank(), g.d()});
            t.put(p + "q_a_layernorm.weight", new long[] {m.qLoraRank()});
            t.put(p + "q_b_proj.weight", new long[] {heads * qHead, m.qLoraRank()});
        } else {
            t.put(p + "q_proj.weight", new long[] {heads * qHead, g.d()});
        }
        t.put(p + "kv_a_proj_with_mqa.weight", new long[] {m.kvLoraRank() + m.qkRopeHeadDim(), g.d()});
        t.put(p + "kv_a_layernorm.weight", new long[] {m.kvLoraRank()});
        t.put(p + "kv_b_proj.weight", new long[] {heads * (m.qkNopeHeadDim() + m.vHeadDim()), m.kvLoraRank()});
        t.put(p + "o_proj.weight", new long[] {g.d(), heads * m.vHeadDim()});
        return t;
    }

    @Override
    public AttentionWeights attention(Checkpoint ckpt, AttentionGeometry g, int layer) {
        String p = ATTN.formatted(layer);
        MlaDims m = g.mla().orElseThrow();
        int d = g.d();
        int nH = g.nH();
        int nope = m.qkNopeHeadDim();
        int qHead = nope + m.qkRopeHeadDim();
        int kvHead = nope + m.vHeadDim();

        Optional<Matrix> qDown = Optional.empty();
        Optional<float[]> qNorm = Optional.empty();
        Matrix qUp;
        if (m.hasQueryLatent()) {
            qDown = Optional.of(ckpt.matrix(p + "q_a_proj.weight", m.qLoraRank(), d));
            qNorm = Optional.of(ckpt.vector(p + "q_a_layernorm.weight", m.qLoraRank()));
            qUp = ckpt.matrix(p + "q_b_proj.weight", (long) nH * qHead, m.qLoraRank());
        } else {
            qUp = ckpt.matrix(p + "q_proj.weight", (long) nH * qHead, d);
        }
        Matrix kvA = ckpt.matrix(p + "kv_a_proj_with_mqa.weight", m.kvLoraRank() + m.qkRopeHeadDim(), d);
        Matrix kvB = ckpt.matrix(p + "kv_b_proj.weight", (long) nH * kvHead, m.kvLoraRank());
        MlaWeights parts = new MlaWeights(
                qDown,
                qNorm,
                headRows(qUp, nH, qHead, nope, m.qkRopeHeadDim()),
                kvA.rowRange(0, m.kvLoraRank()),
                kvA.rowRange(m.kvLoraRank(), m.kvLoraRank() + m.qkRopeHeadDim()),
                ckpt.vector(p + "kv_a_layernorm.weight", m.kvLoraRank()));
        return new AttentionWeights(
                g,
                layer,
                headRows(qUp, nH, qHead, 0, nope),
                headRows(kvB, nH, kvHead, 0, nope),
                headRows(kvB, nH, kvHead, nope, m.vHeadDim()),
                ckpt.matrix(p + "o_proj.weight", d, (long) nH * m.vHeadDim()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(parts));
    }

    /** Rows {@code [from, from + count)} of every head's block of {@code stride} rows, stacked by head. */
    private static Matrix headRows(Matrix m, int heads, int stride, int from, int count) {
        int cols = m.cols();
        float[] out = new float[heads * count * cols];
        for (int h = 0; h < heads; h++) {
            System.arraycopy(m.data(), (h * stride + from) * cols, out, h * count * cols, count * cols);
        }
        return new Matrix(heads * count, cols, out);
    }
}
