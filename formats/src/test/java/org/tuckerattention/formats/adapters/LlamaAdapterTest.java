package org.tuckerattention.formats.adapters;

import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.Matrix;

/** Llama with GQA (4 query heads, 2 KV heads of 6), no biases. */
class LlamaAdapterTest extends AdapterContract {

    @Override
    SyntheticCheckpoint model() {
        return SyntheticModels.llama("llama", false);
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
        return "model.layers.1.self_attn.k_proj.weight";
    }

    @Override
    boolean hasBiases() {
        return false;
    }

    @Override
    int[] expectedHeads() {
        return new int[] {4, 2, 6};
    }
}
