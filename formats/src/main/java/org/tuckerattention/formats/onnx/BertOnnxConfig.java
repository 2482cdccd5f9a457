package org.tuckerattention.formats.onnx;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * The Hugging Face {@code config.json} an ONNX BERT export does not carry, rebuilt from its tensors
 * and graph: sizes from shapes, the head count from the query Reshape, the LayerNorm epsilon from the
 * norm's nodes (see {@link BertOnnxGraph}). Also checks every tensor has the shape the config implies
 * in Hugging Face orientation, which catches a weight left {@code in × out} (DESIGN §3).
 */
final class BertOnnxConfig {

    /** Per-layer tensors every BertModel layer has. */
    private static final List<String> LAYER_TENSORS = List.of(
            "attention.self.query.weight", "attention.self.query.bias",
            "attention.self.key.weight", "attention.self.key.bias",
            "attention.self.value.weight", "attention.self.value.bias",
            "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
            "intermediate.dense.weight", "intermediate.dense.bias",
            "output.dense.weight", "output.dense.bias",
            "output.LayerNorm.weight", "output.LayerNorm.bias");

    private static final List<String> EMBEDDING_TENSORS = List.of(
            "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
            "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias");

    private BertOnnxConfig() {}

    /** The config of the model whose renamed, HF-oriented tensors are {@code tensors}. */
    static HfConfig synthesize(OnnxGraph graph, Map<String, TensorRef> tensors) {
        int layers = 1 + tensors.keySet().stream().mapToInt(BertOnnxWeights::layerOf).max().orElse(-1);
        if (layers == 0) {
            throw new CheckpointException(graph.file(), "no BERT encoder layers found (expected nodes like "
                    + "/encoder/layer.0/attention/self/query/MatMul or initializers like encoder.layer.0.*)");
        }
        EMBEDDING_TENSORS.forEach(name -> require(graph, tensors, name));
        for (int layer = 0; layer < layers; layer++) {
            for (String suffix : LAYER_TENSORS) {
                require(graph, tensors, "encoder.layer." + layer + "." + suffix);
            }
        }
        TensorRef words = matrix(graph, tensors.get("embeddings.word_embeddings.weight"));
        long hidden = words.dim(1);
        long intermediate = tensors.get("encoder.layer.0.intermediate.dense.bias").dim(0);
        for (TensorRef t : tensors.values()) {
            checkShape(graph, t, hidden, intermediate);
        }
        int hiddenSize = Math.toIntExact(hidden);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("model_type", "bert");
        json.putArray("architectures").add("BertModel");
        json.put("hidden_size", hiddenSize);
        json.put("num_hidden_layers", layers);
        json.put("num_attention_heads", BertOnnxGraph.attentionHeads(graph, hiddenSize));
        json.put("intermediate_size", Math.toIntExact(intermediate));
        json.put("vocab_size", Math.toIntExact(words.dim(0)));
        json.put("max_position_embeddings",
                Math.toIntExact(tensors.get("embeddings.position_embeddings.weight").dim(0)));
        json.put("type_vocab_size", Math.toIntExact(tensors.get("embeddings.token_type_embeddings.weight").dim(0)));
        json.put("layer_norm_eps", BertOnnxGraph.layerNormEpsilon(graph));
        json.put("hidden_act", "gelu");
        return new HfConfig(graph.file(), json);
    }

    private static void require(OnnxGraph graph, Map<String, TensorRef> tensors, String name) {
        if (!tensors.containsKey(name)) {
            String node = "/" + name.substring(0, name.lastIndexOf('.')).replace('.', '/')
                    .replaceAll("layer/(\\d+)", "layer.$1") + "/";
            throw new CheckpointException(graph.file(), "BERT tensor '" + name + "' not found: no initializer of "
                    + "that name (optionally prefixed bert.) and none read by a node named " + node + "*");
        }
    }

    private static TensorRef matrix(OnnxGraph graph, TensorRef t) {
        if (t.rank() != 2 || t.dim(0) <= 0 || t.dim(1) <= 0) {
            throw new CheckpointException(graph.file(), "tensor '" + t.name() + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected a non-empty matrix");
        }
        return t;
    }

    /** Embedding tables are {@code n × hidden}; every other tensor's shape follows from its name. */
    private static void checkShape(OnnxGraph graph, TensorRef t, long hidden, long intermediate) {
        String name = t.name();
        if (name.endsWith("_embeddings.weight")) {
            if (matrix(graph, t).dim(1) != hidden) {
                throw wrongShape(graph, t, "[n, " + hidden + "]");
            }
            return;
        }
        long out = name.contains("intermediate.dense.") ? intermediate : hidden;
        long in = name.contains(".output.dense.") && !name.contains("attention.") ? intermediate : hidden;
        boolean matrix = name.endsWith(".weight") && !name.contains("LayerNorm");
        long[] expected = matrix ? new long[] {out, in} : new long[] {out};
        if (!Arrays.equals(t.shape(), expected)) {
            throw wrongShape(graph, t, Arrays.toString(expected));
        }
    }

    private static CheckpointException wrongShape(OnnxGraph graph, TensorRef t, String expected) {
        return new CheckpointException(graph.file(), "tensor '" + t.name() + "' has shape "
                + Arrays.toString(t.shape()) + " in Hugging Face orientation, expected " + expected);
    }
}
