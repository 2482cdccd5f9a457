package org.tuckerattention.formats.adapters;

import java.util.List;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * BERT encoders (BERT, MiniLM, BGE): separate query/key/value linears with biases, post-LN, no RoPE.
 * BertModel names start at {@code encoder.}; task heads (BertForMaskedLM, ...) prefix {@code bert.}.
 */
final class BertAdapter implements SeparateProjections.Adapter {

    @Override
    public List<String> modelTypes() {
        return List.of("bert");
    }

    @Override
    public AttentionGeometry geometry(HfConfig c) {
        int d = c.requirePositiveInt("hidden_size");
        int nH = c.requirePositiveInt("num_attention_heads");
        int dH = ConfigChecks.headDim(c, d, nH);
        return AttentionGeometry.standard(
                c.requirePositiveInt("num_hidden_layers"), d, nH, nH, dH, Rope.NONE, true, true);
    }

    @Override
    public SeparateProjections.Names names(Checkpoint ckpt, int layer) {
        String prefix = ckpt.has("bert.encoder.layer.0.attention.self.query.weight") ? "bert." : "";
        String p = prefix + "encoder.layer.%d.attention.".formatted(layer);
        return new SeparateProjections.Names(p + "self.query", p + "self.key", p + "self.value", p + "output.dense");
    }
}
