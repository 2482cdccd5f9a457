package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.Matrix;

/** Qwen2: the Llama layout with query/key/value biases and no output bias. */
class Qwen2AdapterTest extends AdapterContract {

    @Override
    SyntheticCheckpoint model() {
        return SyntheticModels.llama("qwen2", true);
    }

    @Override
    Matrix expectedWq(SyntheticCheckpoint m) {
        return new Matrix(24, 24, m.values("model.layers.1.self_attn.q_proj.weight"));
    }

    @Override
    Matrix expectedWo(SyntheticCheckpoint m) {
        return new Matrix(24, 24, m.values("model.layers.1.self_attn.o_proj.weight"));
    }

    @Override
    String attentionTensor() {
        return "model.layers.1.self_attn.v_proj.bias";
    }

    @Override
    boolean hasBiases() {
        return true;
    }

    @Override
    int[] expectedHeads() {
        return new int[] {4, 2, 6};
    }

    @Override
    @Test
    void biasesArePresentExactlyWhenTheModelHasThem() {
        AttentionWeights w = read(model());
        assertArrayEquals(model().values("model.layers.1.self_attn.k_proj.bias"), w.bk().orElseThrow());
        assertFalse(w.bo().isPresent());
    }
}
