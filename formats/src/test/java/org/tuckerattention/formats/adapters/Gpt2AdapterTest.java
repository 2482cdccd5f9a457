package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.Matrix;

/** GPT2LMHeadModel: fused Conv1D c_attn stored in × out, names under {@code transformer.}. */
class Gpt2AdapterTest extends AdapterContract {

    @Override
    SyntheticCheckpoint model() {
        return SyntheticModels.gpt2();
    }

    @Override
    Matrix expectedWq(SyntheticCheckpoint m) {
        // Conv1D: y = x W with W (in x out); query outputs are columns 0..15, so wq[o][i] = W[i][o].
        float[] w = m.values("transformer.h.1.attn.c_attn.weight");
        float[] q = new float[16 * 16];
        for (int o = 0; o < 16; o++) {
            for (int i = 0; i < 16; i++) {
                q[o * 16 + i] = w[i * 48 + o];
            }
        }
        return new Matrix(16, 16, q);
    }

    @Override
    Matrix expectedWo(SyntheticCheckpoint m) {
        return new Matrix(16, 16, m.values("transformer.h.1.attn.c_proj.weight")).transposed();
    }

    @Override
    String attentionTensor() {
        return "transformer.h.1.attn.c_attn.weight";
    }

    @Override
    boolean hasBiases() {
        return true;
    }

    @Override
    int[] expectedHeads() {
        return new int[] {4, 4, 4};
    }

    @Test
    void fusedBiasIsSplitIntoQueryKeyValue() {
        float[] fused = model().values("transformer.h.1.attn.c_attn.bias");
        AttentionWeights w = read(model());
        float[] expectedKey = new float[16];
        System.arraycopy(fused, 16, expectedKey, 0, 16);
        assertArrayEquals(expectedKey, w.bk().orElseThrow());
    }
}
