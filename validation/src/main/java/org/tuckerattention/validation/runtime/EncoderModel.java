package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * A BERT encoder (BERT, MiniLM, BGE): word + position + token-type embeddings and LayerNorm, then per
 * layer attention → residual → LayerNorm (post-LN) → GELU MLP → residual → LayerNorm. Sequences are
 * encoded one at a time, so every token attends to every other (the attention mask of a batch of one).
 */
public final class EncoderModel implements LoadedModel {

    private record Layer(AttentionLayer attention, LayerNorm attentionNorm, NDArray intermediate,
            NDArray intermediateBias, NDArray output, NDArray outputBias, LayerNorm outputNorm) {}

    private final Checkpoint checkpoint;
    private final NDManager manager;
    private final ModelFigures figures;
    private final int d;
    private final int vocab;
    private final int maxPositions;
    private final TokenEmbedding words;
    private final float[] positions;
    private final float[] tokenType;
    private final LayerNorm embeddingNorm;
    private final Layer[] layers;
    private final AttentionLayer[] attention;

    EncoderModel(Weights w, AttentionGeometry g, AttentionLayer[] attention, String device) {
        this.checkpoint = w.checkpoint();
        this.manager = w.manager();
        HfConfig c = checkpoint.config();
        String act = c.optionalString("hidden_act").orElse("gelu");
        if (!act.equals("gelu")) {
            throw new CheckpointException(c.file(), "hidden_act '" + act + "' is not supported (gelu only)");
        }
        String p = checkpoint.has("bert.embeddings.word_embeddings.weight") ? "bert." : "";
        this.d = g.d();
        this.vocab = c.requirePositiveInt("vocab_size");
        this.maxPositions = c.requirePositiveInt("max_position_embeddings");
        float eps = (float) c.doubleOr("layer_norm_eps", 1e-12);
        int hidden = c.requirePositiveInt("intermediate_size");
        this.words = new TokenEmbedding(checkpoint.matrix(p + "embeddings.word_embeddings.weight", vocab, d).data(), vocab, d);
        this.positions = checkpoint.matrix(p + "embeddings.position_embeddings.weight", maxPositions, d).data();
        this.tokenType = checkpoint.tensor(p + "embeddings.token_type_embeddings.weight").floats(0, d);
        this.embeddingNorm = norm(w, p + "embeddings.LayerNorm.", eps);
        this.attention = attention;
        this.layers = new Layer[g.layers()];
        for (int l = 0; l < layers.length; l++) {
            String q = p + "encoder.layer." + l + ".";
            layers[l] = new Layer(
                    attention[l],
                    norm(w, q + "attention.output.LayerNorm.", eps),
                    w.linear(q + "intermediate.dense.weight", hidden, d),
                    w.get(q + "intermediate.dense.bias", hidden),
                    w.linear(q + "output.dense.weight", d, hidden),
                    w.get(q + "output.dense.bias", d),
                    norm(w, q + "output.LayerNorm.", eps));
        }
        String form = AttentionLayers.anyTucker(attention) ? "tucker" : "dense";
        this.figures = ModelFigures.of("bert", form, attention, false, device);
    }

    private LayerNorm norm(Weights w, String prefix, float eps) {
        return new LayerNorm(w.get(prefix + "weight", d), w.get(prefix + "bias", d), eps);
    }

    /** The last hidden states of {@code ids} (with its special tokens, at most the model's context). */
    public HiddenStates encode(int[] ids) {
        try (NDManager step = manager.newSubManager()) {
            return new HiddenStates(ids.length, d, hidden(ids, step).toFloatArray());
        }
    }

    /**
     * The last hidden states {@code (T, d)} of {@code ids}, as an array in {@code scope} that autograd
     * can differentiate.
     */
    public NDArray hidden(int[] ids, NDManager scope) {
        if (ids.length == 0 || ids.length > maxPositions) {
            throw new IllegalArgumentException(ids.length + " tokens; the model takes 1 to " + maxPositions);
        }
        NDArray x = embeddingNorm.apply(embed(scope, ids));
        for (Layer layer : layers) {
            NDArray a = layer.attention.forward(x, layer.attention.newCache(), 0);
            x = layer.attentionNorm.apply(x.add(a));
            NDArray h = gelu(x.matMul(layer.intermediate).add(layer.intermediateBias));
            x = layer.outputNorm.apply(x.add(h.matMul(layer.output).add(layer.outputBias)));
        }
        return x;
    }

    @Override
    public TuckerParameters tuckerParameters() {
        return TuckerParameters.of(attention, this);
    }

    /** The exact (erf) GELU that BERT's "gelu" names. */
    private static NDArray gelu(NDArray x) {
        return Scalar.times(x.mul(Scalar.times(x, (float) (1 / Math.sqrt(2))).erf().add(1f)), 0.5f);
    }

    /** Word embeddings plus position and token-type 0 embeddings. */
    private NDArray embed(NDManager step, int[] ids) {
        float[] added = new float[ids.length * d];
        for (int t = 0; t < ids.length; t++) {
            for (int j = 0; j < d; j++) {
                added[t * d + j] = positions[t * d + j] + tokenType[j];
            }
        }
        return words.lookup(step, ids).add(step.create(added, new Shape(ids.length, d)));
    }

    public int maxPositions() {
        return maxPositions;
    }

    @Override
    public HfConfig config() {
        return checkpoint.config();
    }

    @Override
    public ModelFigures figures() {
        return figures;
    }

    @Override
    public void close() {
        manager.close();
        checkpoint.close();
    }
}
