package org.tuckerattention.formats.adapters;

import java.util.List;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * Llama family: Llama, Mistral and Qwen2 share one layout ({@code model.layers.N.self_attn.*_proj}),
 * GQA through {@code num_key_value_heads}, RoPE in Hugging Face's rotate-half layout. Qwen2 always has
 * query/key/value biases; Llama and Mistral have them when {@code attention_bias} is true.
 */
final class LlamaAdapter implements SeparateProjections.Adapter {

    private static final String ATTN = "model.layers.%d.self_attn.";

    @Override
    public List<String> modelTypes() {
        return List.of("llama", "mistral", "qwen2");
    }

    @Override
    public AttentionGeometry geometry(HfConfig c) {
        int d = c.requirePositiveInt("hidden_size");
        int nH = c.requirePositiveInt("num_attention_heads");
        int nKV = c.has("num_key_value_heads") ? c.requirePositiveInt("num_key_value_heads") : nH;
        int dH = c.has("head_dim") ? c.requirePositiveInt("head_dim") : ConfigChecks.headDim(c, d, nH);
        ConfigChecks.divides(c, "num_key_value_heads", nKV, "num_attention_heads", nH);
        boolean qwen = c.modelType().equals("qwen2");
        boolean bias = qwen || c.booleanOr("attention_bias", false);
        // Partial rotary (some Llama variants) rotates only the first dims of each head.
        int ropeDims = (int) Math.round(dH * c.doubleOr("partial_rotary_factor", 1.0));
        Rope rope = new Rope(Rope.Layout.ROTATE_HALF, c.doubleOr("rope_theta", 10000.0), ropeDims);
        return AttentionGeometry.standard(
                c.requirePositiveInt("num_hidden_layers"), d, nH, nKV, dH, rope, bias, bias && !qwen);
    }

    @Override
    public SeparateProjections.Names names(Checkpoint ckpt, int layer) {
        String p = ATTN.formatted(layer);
        return new SeparateProjections.Names(p + "q_proj", p + "k_proj", p + "v_proj", p + "o_proj");
    }
}
