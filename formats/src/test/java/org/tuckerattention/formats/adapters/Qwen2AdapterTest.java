package org.tuckerattention.formats.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;

/** Qwen2: the Llama layout with query/key/value biases and no output bias. */
class Qwen2AdapterTest extends LlamaAdapterTest {

    @Override
    SyntheticCheckpoint model() {
        return SyntheticModels.llama("qwen2", true);
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
    @Test
    void biasesArePresentExactlyWhenTheModelHasThem() {
        AttentionWeights w = read(model());
        assertArrayEquals(model().values("model.layers.1.self_attn.k_proj.bias"), w.bk().orElseThrow());
        assertFalse(w.bo().isPresent());
    }
}
