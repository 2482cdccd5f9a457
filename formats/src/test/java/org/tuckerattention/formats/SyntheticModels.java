package org.tuckerattention.formats;

/**
 * Tiny checkpoints with the exact Hugging Face names and shapes of each supported architecture, for
 * the ones with no real checkpoint here (DESIGN §10). Two layers each; seeded values.
 */
public final class SyntheticModels {

    /** Llama layout (also "mistral", "qwen2"): d 24, 4 query heads, 2 KV heads of 6. */
    public static SyntheticCheckpoint llama(String modelType, boolean qkvBiases) {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "%s", "hidden_size": 24,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 2,
                 "intermediate_size": 40, "vocab_size": 50, "rope_theta": 500000.0}""".formatted(modelType), 7);
        for (int l = 0; l < 2; l++) {
            String p = "model.layers." + l + ".self_attn.";
            m.tensor(p + "q_proj.weight", 24, 24).tensor(p + "k_proj.weight", 12, 24)
                    .tensor(p + "v_proj.weight", 12, 24).tensor(p + "o_proj.weight", 24, 24);
            if (qkvBiases) {
                m.tensor(p + "q_proj.bias", 24).tensor(p + "k_proj.bias", 12).tensor(p + "v_proj.bias", 12);
            }
        }
        return m.tensor("model.embed_tokens.weight", 50, 24);
    }

    /** GPT2LMHeadModel: d 16, 4 heads, fused Conv1D c_attn (in × out), names under {@code transformer.}. */
    public static SyntheticCheckpoint gpt2() {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 16, "n_head": 4,
                 "n_layer": 2, "n_positions": 32, "vocab_size": 40}""", 11);
        for (int l = 0; l < 2; l++) {
            String p = "transformer.h." + l + ".";
            m.tensor(p + "attn.c_attn.weight", 16, 48).tensor(p + "attn.c_attn.bias", 48)
                    .tensor(p + "attn.c_proj.weight", 16, 16).tensor(p + "attn.c_proj.bias", 16)
                    .tensor(p + "ln_1.weight", 16).tensor(p + "ln_1.bias", 16);
        }
        return m.tensor("transformer.wte.weight", 40, 16).tensor("transformer.wpe.weight", 32, 16);
    }

    /** BERT: d 12, 3 heads of 4, biases; {@code prefix} is "bert." (task models) or "" (BertModel). */
    public static SyntheticCheckpoint bert(String prefix) {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 12,
                 "num_attention_heads": 3, "num_hidden_layers": 2, "intermediate_size": 20}""", 13);
        for (int l = 0; l < 2; l++) {
            String p = prefix + "encoder.layer." + l + ".attention.";
            for (String s : new String[] {"self.query", "self.key", "self.value", "output.dense"}) {
                m.tensor(p + s + ".weight", 12, 12).tensor(p + s + ".bias", 12);
            }
        }
        return m;
    }

    /** HF ViTModel: d 16, 2 heads of 8, biases. */
    public static SyntheticCheckpoint vit() {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["ViTModel"], "model_type": "vit", "hidden_size": 16,
                 "num_attention_heads": 2, "num_hidden_layers": 2, "intermediate_size": 32,
                 "image_size": 8, "patch_size": 4, "num_channels": 3, "qkv_bias": true}""", 17);
        for (int l = 0; l < 2; l++) {
            String p = "encoder.layer." + l + ".attention.";
            for (String s : new String[] {"attention.query", "attention.key", "attention.value", "output.dense"}) {
                m.tensor(p + s + ".weight", 16, 16).tensor(p + s + ".bias", 16);
            }
        }
        return m.tensor("embeddings.cls_token", 1, 1, 16).tensor("embeddings.position_embeddings", 1, 5, 16);
    }

    /**
     * DeepSeek-V2 MLA: d 20, 4 heads, nope 6, rope 2, v 5, d_c^KV 8, and d_c^Q 10 when {@code
     * queryLatent} (else a plain q_proj).
     */
    public static SyntheticCheckpoint deepseekV2(boolean queryLatent) {
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

    private SyntheticModels() {}
}
