package org.tuckerattention.validation.runtime;

import java.nio.file.Path;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.SyntheticCheckpoint;

/** Complete small synthetic models (every tensor a forward needs), seeded, with exact Hugging Face names. */
final class RunnableModels {

    static final Path SOURCE = Path.of("synthetic");

    /**
     * A Llama-layout decoder: d 32, {@code heads} query heads of 8, {@code kvHeads} KV heads, 2 layers,
     * vocab 40; {@code modelType} "qwen2" adds qkv biases; {@code partialRotary} rotates half of each head.
     */
    static Checkpoint llama(String modelType, int heads, int kvHeads, boolean partialRotary, boolean tied) {
        int d = heads * 8;
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "%s", "hidden_size": %d,
                 "num_attention_heads": %d, "num_key_value_heads": %d, "num_hidden_layers": 2,
                 "intermediate_size": 24, "vocab_size": 40, "rope_theta": 1000.0, "rms_norm_eps": 1e-6,
                 "max_position_embeddings": 64, "tie_word_embeddings": %s, "partial_rotary_factor": %s}"""
                .formatted(modelType, d, heads, kvHeads, tied, partialRotary ? "0.5" : "1.0"), 23);
        boolean bias = modelType.equals("qwen2");
        for (int l = 0; l < 2; l++) {
            String p = "model.layers." + l + ".";
            m.tensor(p + "input_layernorm.weight", d).tensor(p + "post_attention_layernorm.weight", d)
                    .tensor(p + "self_attn.q_proj.weight", d, d).tensor(p + "self_attn.k_proj.weight", kvHeads * 8, d)
                    .tensor(p + "self_attn.v_proj.weight", kvHeads * 8, d).tensor(p + "self_attn.o_proj.weight", d, d)
                    .tensor(p + "mlp.gate_proj.weight", 24, d).tensor(p + "mlp.up_proj.weight", 24, d)
                    .tensor(p + "mlp.down_proj.weight", d, 24);
            if (bias) {
                m.tensor(p + "self_attn.q_proj.bias", d).tensor(p + "self_attn.k_proj.bias", kvHeads * 8)
                        .tensor(p + "self_attn.v_proj.bias", kvHeads * 8);
            }
        }
        m.tensor("model.embed_tokens.weight", 40, d).tensor("model.norm.weight", d);
        if (!tied) {
            m.tensor("lm_head.weight", 40, d);
        }
        return m.inMemory(SOURCE);
    }

    /** GPT2LMHeadModel: d 16, 4 heads of 4, 2 layers, vocab 40, 32 positions, every projection biased. */
    static Checkpoint gpt2() {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 16, "n_head": 4,
                 "n_layer": 2, "n_positions": 32, "vocab_size": 40, "layer_norm_epsilon": 1e-5}""", 37);
        for (int l = 0; l < 2; l++) {
            String p = "transformer.h." + l + ".";
            m.tensor(p + "ln_1.weight", 16).tensor(p + "ln_1.bias", 16).tensor(p + "attn.c_attn.weight", 16, 48)
                    .tensor(p + "attn.c_attn.bias", 48).tensor(p + "attn.c_proj.weight", 16, 16)
                    .tensor(p + "attn.c_proj.bias", 16).tensor(p + "ln_2.weight", 16).tensor(p + "ln_2.bias", 16)
                    .tensor(p + "mlp.c_fc.weight", 16, 64).tensor(p + "mlp.c_fc.bias", 64)
                    .tensor(p + "mlp.c_proj.weight", 64, 16).tensor(p + "mlp.c_proj.bias", 16);
        }
        return m.tensor("transformer.wte.weight", 40, 16).tensor("transformer.wpe.weight", 32, 16)
                .tensor("transformer.ln_f.weight", 16).tensor("transformer.ln_f.bias", 16).inMemory(SOURCE);
    }

    /**
     * DeepSeek-V2 with dense MLPs: d 20, 4 heads, nope 6, rope 2, v 5, d_c^KV 8, and d_c^Q 10 when
     * {@code queryLatent} (else a plain q_proj); 2 layers, vocab 30.
     */
    static Checkpoint deepseekV2(boolean queryLatent) {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "hidden_size": 20,
                 "num_attention_heads": 4, "num_key_value_heads": 4, "num_hidden_layers": 2,
                 "q_lora_rank": %s, "kv_lora_rank": 8, "qk_nope_head_dim": 6, "qk_rope_head_dim": 2,
                 "v_head_dim": 5, "rope_theta": 100.0, "vocab_size": 30, "intermediate_size": 24,
                 "rms_norm_eps": 1e-6, "max_position_embeddings": 64, "tie_word_embeddings": false}"""
                .formatted(queryLatent ? "10" : "null"), 43);
        for (int l = 0; l < 2; l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            if (queryLatent) {
                m.tensor(a + "q_a_proj.weight", 10, 20).tensor(a + "q_a_layernorm.weight", 10)
                        .tensor(a + "q_b_proj.weight", 32, 10);
            } else {
                m.tensor(a + "q_proj.weight", 32, 20);
            }
            m.tensor(a + "kv_a_proj_with_mqa.weight", 10, 20).tensor(a + "kv_a_layernorm.weight", 8)
                    .tensor(a + "kv_b_proj.weight", 44, 8).tensor(a + "o_proj.weight", 20, 20)
                    .tensor(p + "input_layernorm.weight", 20).tensor(p + "post_attention_layernorm.weight", 20)
                    .tensor(p + "mlp.gate_proj.weight", 24, 20).tensor(p + "mlp.up_proj.weight", 24, 20)
                    .tensor(p + "mlp.down_proj.weight", 20, 24);
        }
        return m.tensor("model.embed_tokens.weight", 30, 20).tensor("model.norm.weight", 20)
                .tensor("lm_head.weight", 30, 20).inMemory(SOURCE);
    }

    /** A BERT encoder: d 24, 3 heads of 8, 2 layers, vocab 30, biases everywhere. */
    static Checkpoint bert() {
        int d = 24;
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 24, "num_attention_heads": 3,
                 "num_hidden_layers": 2, "intermediate_size": 32, "vocab_size": 30, "max_position_embeddings": 16,
                 "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"}""", 29);
        m.tensor("embeddings.word_embeddings.weight", 30, d).tensor("embeddings.position_embeddings.weight", 16, d)
                .tensor("embeddings.token_type_embeddings.weight", 2, d).tensor("embeddings.LayerNorm.weight", d)
                .tensor("embeddings.LayerNorm.bias", d);
        for (int l = 0; l < 2; l++) {
            String p = "encoder.layer." + l + ".";
            for (String s : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense"}) {
                m.tensor(p + s + ".weight", d, d).tensor(p + s + ".bias", d);
            }
            m.tensor(p + "attention.output.LayerNorm.weight", d).tensor(p + "attention.output.LayerNorm.bias", d)
                    .tensor(p + "intermediate.dense.weight", 32, d).tensor(p + "intermediate.dense.bias", 32)
                    .tensor(p + "output.dense.weight", d, 32).tensor(p + "output.dense.bias", d)
                    .tensor(p + "output.LayerNorm.weight", d).tensor(p + "output.LayerNorm.bias", d);
        }
        return m.inMemory(SOURCE);
    }

    /**
     * One query head and one KV head of width d = 8 whose key projection is the identity: its
     * per-head RoPE is then exactly the latent RoPE of a Tucker form with identity factors.
     */
    static Checkpoint singleHeadIdentityKeys() {
        SyntheticCheckpoint m = SyntheticCheckpoint.withConfig("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 8,
                 "num_attention_heads": 1, "num_key_value_heads": 1, "num_hidden_layers": 1,
                 "intermediate_size": 12, "vocab_size": 20, "rope_theta": 100.0, "rms_norm_eps": 1e-6,
                 "max_position_embeddings": 64, "tie_word_embeddings": true}""", 31);
        String p = "model.layers.0.";
        m.tensor(p + "input_layernorm.weight", 8).tensor(p + "post_attention_layernorm.weight", 8)
                .tensor(p + "self_attn.q_proj.weight", 8, 8).tensor(p + "self_attn.k_proj.weight", 8, 8)
                .tensor(p + "self_attn.v_proj.weight", 8, 8).tensor(p + "self_attn.o_proj.weight", 8, 8)
                .tensor(p + "mlp.gate_proj.weight", 12, 8).tensor(p + "mlp.up_proj.weight", 12, 8)
                .tensor(p + "mlp.down_proj.weight", 8, 12).tensor("model.embed_tokens.weight", 20, 8)
                .tensor("model.norm.weight", 8);
        float[] identity = m.values(p + "self_attn.k_proj.weight");
        java.util.Arrays.fill(identity, 0f);
        for (int i = 0; i < 8; i++) {
            identity[i * 8 + i] = 1f;
        }
        return m.inMemory(SOURCE);
    }

    private RunnableModels() {}
}
