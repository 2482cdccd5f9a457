package org.tuckerattention.formats.onnx;

import static org.tuckerattention.formats.onnx.OnnxProto.floatTensor;
import static org.tuckerattention.formats.onnx.OnnxProto.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A tiny BERT encoder written as PyTorch exports it to ONNX (node names after modules, Linear weights
 * as anonymous {@code in × out} MatMul initializers, biases and norms named), with switches for the
 * variants other exporters produce. Records every weight in Hugging Face orientation for comparison.
 */
public final class TinyBertOnnx {

    static final int HIDDEN = 8;
    static final int HEADS = 2;
    static final int INTERMEDIATE = 12;
    static final int VOCAB = 11;
    static final int POSITIONS = 7;
    static final int TYPES = 2;
    static final int LAYERS = 2;

    /** How each LayerNorm is exported. */
    enum Norm { DECOMPOSED, FUSED, FUSED_WITHOUT_EPSILON }

    /** How the shape input of the query Reshape is given. */
    enum HeadShape { CONCAT, INITIALIZER, INFERRED_HEADS, INCONSISTENT, NO_RESHAPE }

    Norm norm = Norm.DECOMPOSED;
    HeadShape headShape = HeadShape.CONCAT;
    float epsilon = 1e-12f;
    boolean bertPrefix;
    boolean anonymousNorms;
    /** A node left out of the graph, by name. */
    String omitNode = "";

    /** Expected tensors, Hugging Face name → values in Hugging Face orientation. */
    final Map<String, float[]> expected = new TreeMap<>();

    private final Random random = new Random(345);
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private int anonymous = 100;

    public byte[] build() {
        String scope = bertPrefix ? "/bert/" : "/";
        named("embeddings.word_embeddings.weight", VOCAB, HIDDEN);
        named("embeddings.position_embeddings.weight", POSITIONS, HIDDEN);
        named("embeddings.token_type_embeddings.weight", TYPES, HIDDEN);
        add(scope + "embeddings/word_embeddings/Gather", "Gather",
                List.of(prefix() + "embeddings.word_embeddings.weight", "input_ids"), List.of("words"));
        norm(scope + "embeddings/LayerNorm", "embeddings.LayerNorm", "words", "emb");
        String x = "emb";
        for (int layer = 0; layer < LAYERS; layer++) {
            String s = scope + "encoder/layer." + layer + "/";
            String hf = "encoder.layer." + layer + ".";
            String q = linear(s + "attention/self/query", hf + "attention.self.query", x, HIDDEN, HIDDEN);
            linear(s + "attention/self/key", hf + "attention.self.key", x, HIDDEN, HIDDEN);
            linear(s + "attention/self/value", hf + "attention.self.value", x, HIDDEN, HIDDEN);
            reshape(s + "attention/self/", q);
            String attn = linear(s + "attention/output/dense", hf + "attention.output.dense", "ctx" + layer, HIDDEN,
                    HIDDEN);
            String normed = norm(s + "attention/output/LayerNorm", hf + "attention.output.LayerNorm", attn,
                    "attn" + layer);
            String up = linear(s + "intermediate/dense", hf + "intermediate.dense", normed, HIDDEN, INTERMEDIATE);
            String down = linear(s + "output/dense", hf + "output.dense", up, INTERMEDIATE, HIDDEN);
            x = norm(s + "output/LayerNorm", hf + "output.LayerNorm", down, "out" + layer);
        }
        return OnnxProto.model(OnnxProto.graph(nodes, initializers));
    }

    /** x · W + b with W an anonymous {@code in × out} initializer; returns the output value. */
    private String linear(String module, String hf, String input, int in, int out) {
        float[] hfWeight = values(out * in);
        expected.put(hf + ".weight", hfWeight);
        String w = "onnx::MatMul_" + anonymous++;
        initializers.add(floatTensor(w, new long[] {in, out}, transpose(hfWeight, out, in)));
        add(module + "/MatMul", "MatMul", List.of(input, w), List.of(module + "/MatMul_output_0"));
        String bias = named(hf + ".bias", out);
        add(module + "/Add", "Add", List.of(bias, module + "/MatMul_output_0"), List.of(module + "/Add_output_0"));
        return module + "/Add_output_0";
    }

    private void reshape(String self, String query) {
        String shape = self + "Concat_2_output_0";
        switch (headShape) {
            case CONCAT -> {
                add(self + "Unsqueeze_4", "Unsqueeze", List.of("batch"), List.of("b"));
                addConstant(self + "Constant_10", "c10", OnnxProto.int64Tensor("", HEADS));
                addConstant(self + "Constant_11", "c11", OnnxProto.int64Tensor("", HIDDEN / HEADS));
                add(self + "Concat_2", "Concat", List.of("b", "b", "c10", "c11"), List.of(shape));
            }
            case INITIALIZER -> {
                shape = "onnx::Reshape_" + anonymous++;
                initializers.add(OnnxProto.int64Tensor(shape, 0, 0, HEADS, HIDDEN / HEADS));
            }
            case INFERRED_HEADS -> addConstant(self + "Constant", shape, OnnxProto.int64Tensor("", 0, 0, -1, 4));
            case INCONSISTENT -> addConstant(self + "Constant", shape, OnnxProto.int64Tensor("", 0, 0, 3, 3));
            case NO_RESHAPE -> {
                return;
            }
        }
        add(self + "Reshape_2", "Reshape", List.of(query, shape), List.of(self + "Reshape_2_output_0"));
    }

    /** A LayerNorm module as {@link #norm} asks; returns its output value. */
    private String norm(String module, String hf, String input, String output) {
        float[] w = values(HIDDEN);
        float[] b = values(HIDDEN);
        expected.put(hf + ".weight", w);
        expected.put(hf + ".bias", b);
        String wName = anonymousNorms ? "onnx::Mul_" + anonymous++ : prefix() + hf + ".weight";
        String bName = anonymousNorms ? "onnx::Add_" + anonymous++ : prefix() + hf + ".bias";
        initializers.add(floatTensor(wName, new long[] {HIDDEN}, w));
        initializers.add(floatTensor(bName, new long[] {HIDDEN}, b));
        if (norm == Norm.DECOMPOSED) {
            add(module + "/ReduceMean_1", "ReduceMean", List.of(input), List.of(module + "/var"));
            addConstant(module + "/Constant_1", module + "/eps", OnnxProto.floatTensor("", new long[0],
                    new float[] {epsilon}));
            add(module + "/Add", "Add", List.of(module + "/var", module + "/eps"), List.of(module + "/sum"));
            add(module + "/Sqrt", "Sqrt", List.of(module + "/sum"), List.of(module + "/std"));
            add(module + "/Mul", "Mul", List.of(module + "/std", wName), List.of(module + "/scaled"));
            add(module + "/Add_1", "Add", List.of(module + "/scaled", bName), List.of(output));
        } else {
            byte[][] attributes = norm == Norm.FUSED
                    ? new byte[][] {OnnxProto.floatAttribute("epsilon", epsilon), OnnxProto.intAttribute("axis", -1)}
                    : new byte[0][];
            add(module + "/LayerNormalization", "LayerNormalization", List.of(input, wName, bName),
                    List.of(output), attributes);
        }
        return output;
    }

    private String named(String hf, int... dims) {
        float[] v = values(dims.length == 1 ? dims[0] : dims[0] * dims[1]);
        expected.put(hf, v);
        long[] shape = dims.length == 1 ? new long[] {dims[0]} : new long[] {dims[0], dims[1]};
        initializers.add(floatTensor(prefix() + hf, shape, v));
        return prefix() + hf;
    }

    private void add(String name, String opType, List<String> inputs, List<String> outputs, byte[]... attributes) {
        if (!name.equals(omitNode)) {
            nodes.add(node(name, opType, inputs, outputs, attributes));
        }
    }

    private void addConstant(String name, String output, byte[] tensor) {
        add(name, "Constant", List.of(), List.of(output), OnnxProto.tensorAttribute("value", tensor));
    }

    private String prefix() {
        return bertPrefix ? "bert." : "";
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
