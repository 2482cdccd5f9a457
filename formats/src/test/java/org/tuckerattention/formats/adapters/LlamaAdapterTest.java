package org.tuckerattention.formats.adapters;

import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.tensor.Matrix;

/** Llama with GQA (4 query heads, 2 KV heads of 6), no biases. */
class LlamaAdapterTest extends AdapterContract {

    static SyntheticCheckpoint llama(String type, boolean biases) {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "%s", "hidden_size": 24,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 2,
                 "intermediate_size": 40, "vocab_size": 50, "rope_theta": 500000.0}""".formatted(type), 7);
        for (int l = 0; l < 2; l++) {
            String p = "model.layers." + l + ".self_attn.";
            m.tensor(p + "q_proj.weight", 24, 24).tensor(p + "k_proj.weight", 12, 24)
                    .tensor(p + "v_proj.weight", 12, 24).tensor(p + "o_proj.weight", 24, 24);
            if (biases) {
                m.tensor(p + "q_proj.bias", 24).tensor(p + "k_proj.bias", 12).tensor(p + "v_proj.bias", 12);
            }
        }
        return m.tensor("model.embed_tokens.weight", 50, 24);
    }

    @Override
    SyntheticCheckpoint model() {
        return llama("llama", false);
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
