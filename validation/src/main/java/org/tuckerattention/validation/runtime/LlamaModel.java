package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.hf.HfConfig;

/**
 * Llama-family decoder (Llama, Mistral, Qwen2, llama2.c; DeepSeek-V2/V3 with MLA attention and dense
 * MLPs): token embedding, per layer RMSNorm →
 * attention → residual → RMSNorm → SwiGLU MLP → residual, final RMSNorm, classifier tied to the
 * embedding or separate ({@code lm_head}).
 */
final class LlamaModel implements Decoder {

    private record Layer(RmsNorm attentionNorm, AttentionLayer attention, RmsNorm mlpNorm, NDArray gate, NDArray up,
            NDArray down) {}

    private final NDManager manager;
    private final TokenEmbedding embedding;
    private final AttentionLayer[] attention;
    private final int maxPositions;
    private final Layer[] layers;
    private final RmsNorm finalNorm;
    private final NDArray classifier;

    LlamaModel(Weights w, AttentionGeometry g, AttentionLayer[] attention) {
        Checkpoint ckpt = w.checkpoint();
        HfConfig c = ckpt.config();
        String act = c.optionalString("hidden_act").orElse("silu");
        if (!act.equals("silu")) {
            throw new CheckpointException(c.file(), "hidden_act '" + act + "' is not supported (silu only)");
        }
        if (c.has("n_routed_experts") && c.intOr("first_k_dense_replace", 0) < g.layers()) {
            throw new CheckpointException(c.file(), "mixture-of-experts MLPs (n_routed_experts) are not supported");
        }
        if (c.optionalObject("rope_scaling").isPresent()) {
            throw new CheckpointException(c.file(), "rope_scaling is not supported by this runtime");
        }
        this.manager = w.manager();
        int d = g.d();
        this.attention = attention;
        int vocab = c.requirePositiveInt("vocab_size");
        this.maxPositions = c.intOr("max_position_embeddings", 2048);
        float eps = (float) c.doubleOr("rms_norm_eps", 1e-6);
        int hidden = c.requirePositiveInt("intermediate_size");
        this.embedding = new TokenEmbedding(ckpt.matrix("model.embed_tokens.weight", vocab, d).data(), vocab, d);
        this.layers = new Layer[g.layers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "model.layers." + l + ".";
            layers[l] = new Layer(
                    new RmsNorm(w.get(p + "input_layernorm.weight", d), eps),
                    attention[l],
                    new RmsNorm(w.get(p + "post_attention_layernorm.weight", d), eps),
                    w.linear(p + "mlp.gate_proj.weight", hidden, d),
                    w.linear(p + "mlp.up_proj.weight", hidden, d),
                    w.linear(p + "mlp.down_proj.weight", d, hidden));
        }
        this.finalNorm = new RmsNorm(w.get("model.norm.weight", d), eps);
        this.classifier = w.linear(ckpt.has("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight", vocab, d);
    }

    @Override
    public NDArray logits(int[] tokens, LayerCache[] caches, int start, NDManager step, boolean everyRow) {
        NDArray x = embedding.lookup(step, tokens);
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            x = x.add(layer.attention.forward(layer.attentionNorm.apply(x), caches[l], start));
            NDArray h = layer.mlpNorm.apply(x);
            NDArray gate = h.matMul(layer.gate);
            x = x.add(gate.mul(Activation.sigmoid(gate)).mul(h.matMul(layer.up)).matMul(layer.down));
        }
        if (!everyRow) {
            x = x.get((tokens.length - 1) + ":");
        }
        return finalNorm.apply(x).matMul(classifier);
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
