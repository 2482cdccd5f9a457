package org.tuckerattention.formats.adapters;

import java.util.List;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * Vision Transformer (HF ViTModel names, {@code encoder.layer.N.attention.attention.*}); the
 * classification model prefixes {@code vit.}. Query/key/value biases follow {@code qkv_bias}
 * (default true); the output projection always has one.
 */
final class VitAdapter implements SeparateProjections.Adapter {

    @Override
    public List<String> modelTypes() {
        return List.of("vit");
    }

    @Override
    public AttentionGeometry geometry(HfConfig c) {
        int d = c.requirePositiveInt("hidden_size");
        int nH = c.requirePositiveInt("num_attention_heads");
        int dH = ConfigChecks.headDim(c, d, nH);
        return AttentionGeometry.standard(
                c.requirePositiveInt("num_hidden_layers"), d, nH, nH, dH, Rope.NONE,
                c.booleanOr("qkv_bias", true), true);
    }

    @Override
    public SeparateProjections.Names names(Checkpoint ckpt, int layer) {
        String prefix = ckpt.has("vit.encoder.layer.0.attention.attention.query.weight") ? "vit." : "";
        String p = prefix + "encoder.layer.%d.attention.".formatted(layer);
        return new SeparateProjections.Names(
                p + "attention.query", p + "attention.key", p + "attention.value", p + "output.dense");
    }
}
