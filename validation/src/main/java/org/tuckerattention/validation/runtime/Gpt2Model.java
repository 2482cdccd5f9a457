package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * GPT-2 decoder: token + learned position embeddings, per layer LayerNorm → attention → residual →
 * LayerNorm → MLP with the tanh GELU ("gelu_new") → residual, final LayerNorm, classifier tied to the
 * token embedding. MLP weights are Conv1D ({@code in × out}), used as stored. Names with or without
 * the {@code transformer.} prefix.
 */
final class Gpt2Model implements Decoder {

    private record Layer(LayerNorm attentionNorm, AttentionLayer attention, LayerNorm mlpNorm, NDArray fc,
            NDArray fcBias, NDArray proj, NDArray projBias) {}

    private final NDManager manager;
    private final TokenEmbedding tokens;
    private final float[] positions;
    private final int d;
    private final int maxPositions;
    private final AttentionLayer[] attention;
    private final Layer[] layers;
    private final LayerNorm finalNorm;
    private final NDArray classifier;

    Gpt2Model(Weights w, AttentionGeometry g, AttentionLayer[] attention) {
        Checkpoint ckpt = w.checkpoint();
        HfConfig c = ckpt.config();
        String act = c.optionalString("activation_function").orElse("gelu_new");
        if (!act.equals("gelu_new")) {
            throw new CheckpointException(c.file(), "activation_function '" + act + "' is not supported (gelu_new only)");
        }
        String p = ckpt.has("transformer.wte.weight") ? "transformer." : "";
        this.manager = w.manager();
        this.d = g.d();
        int vocab = c.requirePositiveInt("vocab_size");
        this.maxPositions = c.requirePositiveInt("n_positions");
        this.attention = attention;
        float eps = (float) c.doubleOr("layer_norm_epsilon", 1e-5);
        int inner = c.intOr("n_inner", 4 * d);
        float[] wte = ckpt.matrix(p + "wte.weight", vocab, d).data();
        this.tokens = new TokenEmbedding(wte, vocab, d);
        this.positions = ckpt.matrix(p + "wpe.weight", maxPositions, d).data();
        this.layers = new Layer[g.layers()];
        for (int l = 0; l < layers.length; l++) {
            String q = p + "h." + l + ".";
            layers[l] = new Layer(norm(w, q + "ln_1.", eps), attention[l], norm(w, q + "ln_2.", eps),
                    w.get(q + "mlp.c_fc.weight", d, inner), w.get(q + "mlp.c_fc.bias", inner),
                    w.get(q + "mlp.c_proj.weight", inner, d), w.get(q + "mlp.c_proj.bias", d));
        }
        this.finalNorm = norm(w, p + "ln_f.", eps);
        this.classifier = w.linear(p + "wte.weight", vocab, d);
    }

    private LayerNorm norm(Weights w, String prefix, float eps) {
        return new LayerNorm(w.get(prefix + "weight", d), w.get(prefix + "bias", d), eps);
    }

    @Override
    public NDArray logits(int[] ids, LayerCache[] caches, int start, NDManager step, boolean everyRow) {
        float[] pos = new float[ids.length * d];
        System.arraycopy(positions, start * d, pos, 0, ids.length * d);
        NDArray x = tokens.lookup(step, ids).add(step.create(pos, new Shape(ids.length, d)));
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            x = x.add(layer.attention.forward(layer.attentionNorm.apply(x), caches[l], start));
            NDArray h = layer.mlpNorm.apply(x).matMul(layer.fc).add(layer.fcBias);
            x = x.add(geluTanh(h).matMul(layer.proj).add(layer.projBias));
        }
        if (!everyRow) {
            x = x.get((ids.length - 1) + ":");
        }
        return finalNorm.apply(x).matMul(classifier);
    }

    /** {@code 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³)))}, GPT-2's "gelu_new". */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalar.times(x.add(Scalar.times(x.mul(x).mul(x), 0.044715f)), (float) Math.sqrt(2 / Math.PI));
        return Scalar.times(x.mul(inner.tanh().add(1f)), 0.5f);
    }

    @Override
    public LayerCache[] newCaches() {
        return AttentionLayers.newCaches(attention);
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public int maxPositions() {
        return maxPositions;
    }
}
