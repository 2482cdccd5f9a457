package org.tuckerattention.formats.adapters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * Reads attention stored as four separate linear layers ({@code <name>.weight}, {@code <name>.bias}),
 * the layout of Llama, BERT and ViT alike; only the names differ between them.
 */
final class SeparateProjections {

    /** The four projections' name prefixes of one layer, e.g. {@code model.layers.0.self_attn.q_proj}. */
    record Names(String query, String key, String value, String output) {}

    /** An adapter for this layout: it only says where each layer's projections are. */
    interface Adapter extends ArchitectureAdapter {

        /** The projections of {@code layer}; the checkpoint is given to detect a name prefix. */
        Names names(Checkpoint ckpt, int layer);

        @Override
        default AttentionWeights attention(Checkpoint ckpt, AttentionGeometry g, int layer) {
            return read(ckpt, g, layer, names(ckpt, layer));
        }

        @Override
        default Map<String, long[]> attentionTensors(Checkpoint ckpt, AttentionGeometry g, int layer) {
            return tensors(g, names(ckpt, layer));
        }
    }

    /** The tensors of one layer with their HF shapes ({@code out × in}); biases where the geometry has them. */
    static Map<String, long[]> tensors(AttentionGeometry g, Names n) {
        long q = (long) g.nH() * g.dH();
        long k = (long) g.nKV() * g.dH();
        long v = (long) g.nKV() * g.dV();
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put(n.query() + ".weight", new long[] {q, g.d()});
        t.put(n.key() + ".weight", new long[] {k, g.d()});
        t.put(n.value() + ".weight", new long[] {v, g.d()});
        t.put(n.output() + ".weight", new long[] {g.d(), (long) g.nH() * g.dV()});
        if (g.qkvBias()) {
            t.put(n.query() + ".bias", new long[] {q});
            t.put(n.key() + ".bias", new long[] {k});
            t.put(n.value() + ".bias", new long[] {v});
        }
        if (g.outputBias()) {
            t.put(n.output() + ".bias", new long[] {g.d()});
        }
        return t;
    }

    /** Reads and shape-checks one layer. */
    static AttentionWeights read(Checkpoint ckpt, AttentionGeometry g, int layer, Names n) {
        Map<String, long[]> t = tensors(g, n);
        return new AttentionWeights(
                g,
                layer,
                matrix(ckpt, t, n.query()),
                matrix(ckpt, t, n.key()),
                matrix(ckpt, t, n.value()),
                matrix(ckpt, t, n.output()),
                bias(ckpt, t, n.query()),
                bias(ckpt, t, n.key()),
                bias(ckpt, t, n.value()),
                bias(ckpt, t, n.output()),
                Optional.empty());
    }

    private static Matrix matrix(Checkpoint ckpt, Map<String, long[]> t, String layerName) {
        String name = layerName + ".weight";
        long[] shape = t.get(name);
        return ckpt.matrix(name, shape[0], shape[1]);
    }

    private static Optional<float[]> bias(Checkpoint ckpt, Map<String, long[]> t, String layerName) {
        String name = layerName + ".bias";
        return t.containsKey(name) ? Optional.of(ckpt.vector(name, t.get(name)[0])) : Optional.empty();
    }

    private SeparateProjections() {}
}
