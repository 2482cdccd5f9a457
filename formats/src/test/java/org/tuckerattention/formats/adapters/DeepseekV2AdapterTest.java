package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * DeepSeek-V2 MLA with a query latent: 4 heads, nope 6, rope 2, v 5, d_c^Q 10, d_c^KV 8, d 20. The
 * canonical wq is the no-position rows of q_b_proj (it reads the query latent).
 */
class DeepseekV2AdapterTest extends AdapterContract {

    static SyntheticCheckpoint deepseek(boolean queryLatent) {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "hidden_size": 20,
                 "num_attention_heads": 4, "num_key_value_heads": 4, "num_hidden_layers": 2,
                 "q_lora_rank": %s, "kv_lora_rank": 8, "qk_nope_head_dim": 6, "qk_rope_head_dim": 2,
                 "v_head_dim": 5, "rope_theta": 10000.0, "vocab_size": 30}""".formatted(queryLatent ? "10" : "null"),
                19);
        for (int l = 0; l < 2; l++) {
            String p = "model.layers." + l + ".self_attn.";
            if (queryLatent) {
                m.tensor(p + "q_a_proj.weight", 10, 20).tensor(p + "q_a_layernorm.weight", 10)
                        .tensor(p + "q_b_proj.weight", 32, 10);
            } else {
                m.tensor(p + "q_proj.weight", 32, 20);
            }
            m.tensor(p + "kv_a_proj_with_mqa.weight", 10, 20).tensor(p + "kv_a_layernorm.weight", 8)
                    .tensor(p + "kv_b_proj.weight", 44, 8).tensor(p + "o_proj.weight", 20, 20);
        }
        return m;
    }

    /** Rows {@code [from, from+count)} of each head block of {@code stride}, written out by hand. */
    static Matrix headRows(float[] w, int cols, int stride, int from, int count) {
        float[] out = new float[4 * count * cols];
        int k = 0;
        for (int h = 0; h < 4; h++) {
            for (int r = from; r < from + count; r++) {
                for (int c = 0; c < cols; c++) {
                    out[k++] = w[(h * stride + r) * cols + c];
                }
            }
        }
        return new Matrix(4 * count, cols, out);
    }

    @Override
    SyntheticCheckpoint model() {
        return deepseek(true);
    }

    @Override
    Matrix expectedWq(SyntheticCheckpoint m) {
        return headRows(m.values("model.layers.1.self_attn.q_b_proj.weight"), 10, 8, 0, 6);
    }

    @Override
    Matrix expectedWo(SyntheticCheckpoint m) {
        return new Matrix(20, 20, m.values("model.layers.1.self_attn.o_proj.weight"));
    }

    @Override
    String attentionTensor() {
        return "model.layers.1.self_attn.kv_b_proj.weight";
    }

    @Override
    boolean hasBiases() {
        return false;
    }

    @Override
    int[] expectedHeads() {
        return new int[] {4, 4, 6};
    }

    @Test
    void valueAndRopePartsAreSplitPerHead() {
        SyntheticCheckpoint m = model();
        AttentionWeights w = read(m);
        float[] kvB = m.values("model.layers.1.self_attn.kv_b_proj.weight");
        assertEquals(headRows(kvB, 8, 11, 0, 6), w.wk());
        assertEquals(headRows(kvB, 8, 11, 6, 5), w.wv());
        MlaWeights parts = w.mla().orElseThrow();
        assertEquals(headRows(m.values("model.layers.1.self_attn.q_b_proj.weight"), 10, 8, 6, 2), parts.queryRope());
        assertEquals(2, parts.keyRope().rows());
        assertEquals(8, parts.keyValueDown().rows());
    }

    @Test
    void withoutQueryLatentQueriesReadTheModelWidth() {
        SyntheticCheckpoint m = deepseek(false);
        AttentionWeights w = read(m);
        assertEquals(20, w.geometry().queryInputDim());
        assertEquals(headRows(m.values("model.layers.1.self_attn.q_proj.weight"), 20, 8, 0, 6), w.wq());
        assertFalse(w.mla().orElseThrow().queryDown().isPresent());
    }
}
