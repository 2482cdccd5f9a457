package org.tuckerattention.formats.adapters;

import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.tensor.Matrix;

/** HF ViTModel names: {@code encoder.layer.N.attention.attention.query} and {@code attention.output.dense}. */
class VitAdapterTest extends AdapterContract {

    @Override
    SyntheticCheckpoint model() {
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

    @Override
    Matrix expectedWq(SyntheticCheckpoint m) {
        return new Matrix(16, 16, m.values("encoder.layer.1.attention.attention.query.weight"));
    }

    @Override
    Matrix expectedWo(SyntheticCheckpoint m) {
        return new Matrix(16, 16, m.values("encoder.layer.1.attention.output.dense.weight"));
    }

    @Override
    String attentionTensor() {
        return "encoder.layer.1.attention.attention.key.bias";
    }

    @Override
    boolean hasBiases() {
        return true;
    }

    @Override
    int[] expectedHeads() {
        return new int[] {2, 2, 8};
    }
}
