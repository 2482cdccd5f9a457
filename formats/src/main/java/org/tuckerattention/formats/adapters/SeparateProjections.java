package org.tuckerattention.formats.adapters;

import java.util.Optional;
import org.tuckerattention.formats.Checkpoint;

/**
 * Reads attention stored as four separate linear layers ({@code <name>.weight}, {@code <name>.bias}),
 * the layout of Llama, BERT and ViT alike; only the names differ between them.
 */
final class SeparateProjections {

    /** The four projections' name prefixes of one layer, e.g. {@code model.layers.0.self_attn.q_proj}. */
    record Names(String query, String key, String value, String output) {}

    /** Reads and shape-checks one layer; biases are read where the geometry says they exist. */
    static AttentionWeights read(Checkpoint ckpt, AttentionGeometry g, int layer, Names n) {
        int q = g.nH() * g.dH();
        int k = g.nKV() * g.dH();
        int v = g.nKV() * g.dV();
        return new AttentionWeights(
                g,
                layer,
                ckpt.matrix(n.query() + ".weight", q, g.d()),
                ckpt.matrix(n.key() + ".weight", k, g.d()),
                ckpt.matrix(n.value() + ".weight", v, g.d()),
                ckpt.matrix(n.output() + ".weight", g.d(), g.nH() * g.dV()),
                bias(ckpt, g.qkvBias(), n.query(), q),
                bias(ckpt, g.qkvBias(), n.key(), k),
                bias(ckpt, g.qkvBias(), n.value(), v),
                bias(ckpt, g.outputBias(), n.output(), g.d()),
                Optional.empty());
    }

    private static Optional<float[]> bias(Checkpoint ckpt, boolean expected, String layerName, int length) {
        return expected ? Optional.of(ckpt.vector(layerName + ".bias", length)) : Optional.empty();
    }

    private SeparateProjections() {}
}
