package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * DeepSeek-V2 MLA with a query latent: 4 heads, nope 6, rope 2, v 5, d_c^Q 10, d_c^KV 8, d 20. The
 * canonical wq is the no-position rows of q_b_proj (it reads the query latent).
 */
class DeepseekV2AdapterTest extends AdapterContract {

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
        return SyntheticModels.deepseekV2(true);
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
        SyntheticCheckpoint m = SyntheticModels.deepseekV2(false);
        AttentionWeights w = read(m);
        assertEquals(20, w.geometry().queryInputDim());
        assertEquals(headRows(m.values("model.layers.1.self_attn.q_proj.weight"), 20, 8, 0, 6), w.wq());
        assertFalse(w.mla().orElseThrow().queryDown().isPresent());
    }
}
