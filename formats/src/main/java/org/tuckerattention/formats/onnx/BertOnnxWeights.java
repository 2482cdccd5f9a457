package org.tuckerattention.formats.onnx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tuckerattention.formats.CheckpointException;

/**
 * Finds the weights of a BERT encoder among the initializers of a PyTorch ONNX export and gives them
 * their Hugging Face {@code BertModel} names, without the {@code bert.} prefix (DESIGN §3, §10).
 *
 * <p>Initializers that already carry such a name (optionally prefixed {@code bert.}) keep it. The
 * others are anonymous ({@code onnx::MatMul_787}) and are named after the node that reads them: the
 * exporter names nodes after their module, so input 1 of {@code /encoder/layer.0/attention/self/query/MatMul}
 * is {@code encoder.layer.0.attention.self.query.weight}. A Linear weight read by MatMul (or by Gemm
 * without transB) is stored {@code in × out} and is marked for transposition to {@code out × in}.
 */
final class BertOnnxWeights {

    /** Every name of a Hugging Face BertModel weight; group 1 is the layer index, if any. */
    static final Pattern HF_NAME = Pattern.compile("(?:embeddings\\.(?:word_embeddings|position_embeddings"
            + "|token_type_embeddings)\\.weight|embeddings\\.LayerNorm\\.(?:weight|bias)"
            + "|encoder\\.layer\\.(\\d{1,6})\\.(?:attention\\.self\\.(?:query|key|value)|attention\\.output\\.dense"
            + "|intermediate\\.dense|output\\.dense|attention\\.output\\.LayerNorm|output\\.LayerNorm)\\.(?:weight|bias)"
            + "|pooler\\.dense\\.(?:weight|bias))");

    /** Weights of Linear modules, the only ones whose orientation differs between ONNX and HF. */
    private static final Pattern LINEAR_WEIGHT = Pattern.compile(".*(?:query|key|value|dense)\\.weight");

    /** An initializer chosen for a Hugging Face name, and whether it is stored {@code in × out}. */
    record Source(OnnxTensor tensor, boolean transposed) {}

    private BertOnnxWeights() {}

    /** Hugging Face name → source initializer, sorted by name. */
    static Map<String, Source> find(OnnxGraph graph) {
        Map<String, OnnxTensor> named = new LinkedHashMap<>();
        for (OnnxTensor t : graph.initializers()) {
            String hf = stripPrefix(t.name());
            if (HF_NAME.matcher(hf).matches() && t.dtype().isFloatingPoint()) {
                put(graph, named, hf, t);
            }
        }
        for (OnnxNode node : graph.nodes()) {
            Optional<String> module = module(node);
            for (int i = 0; module.isPresent() && i < node.inputs().size(); i++) {
                Optional<OnnxTensor> init = graph.initializer(node.input(i));
                if (init.isEmpty() || HF_NAME.matcher(stripPrefix(init.get().name())).matches()) {
                    continue;
                }
                Optional<String> role = role(node, i, init.get(), module.get());
                String hf = module.get() + "." + role.orElse("");
                if (role.isPresent() && HF_NAME.matcher(hf).matches() && init.get().dtype().isFloatingPoint()) {
                    put(graph, named, hf, init.get());
                }
            }
        }
        Map<String, Source> sources = new TreeMap<>();
        named.forEach((hf, t) -> sources.put(hf, new Source(t, LINEAR_WEIGHT.matcher(hf).matches()
                && storedInByOut(graph, t.name()))));
        return sources;
    }

    /** The layer index in a Hugging Face name, or -1 outside the encoder layers. */
    static int layerOf(String hfName) {
        Matcher m = HF_NAME.matcher(hfName);
        return m.matches() && m.group(1) != null ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * The module a node belongs to, in Hugging Face dotted form without {@code bert.}: node
     * {@code /bert/encoder/layer.0/attention/self/query/MatMul} gives {@code encoder.layer.0.attention.self.query}.
     */
    static Optional<String> module(OnnxNode node) {
        String name = node.name();
        int last = name.lastIndexOf('/');
        if (!name.startsWith("/") || last <= 0) {
            return Optional.empty();
        }
        return Optional.of(stripPrefix(name.substring(1, last).replace('/', '.')));
    }

    /** "weight" or "bias" for input {@code i} of {@code node}, by how the node uses it. */
    private static Optional<String> role(OnnxNode node, int i, OnnxTensor init, String module) {
        boolean layerNorm = module.endsWith("LayerNorm");
        return Optional.ofNullable(switch (node.opType()) {
            case "MatMul", "Gather" -> init.rank() == 2 ? "weight" : null;
            case "Gemm" -> i == 1 ? "weight" : i == 2 ? "bias" : null;
            case "LayerNormalization" -> i == 1 ? "weight" : i == 2 ? "bias" : null;
            case "Add" -> init.rank() == 1 ? "bias" : null;
            case "Mul" -> layerNorm && init.rank() == 1 ? "weight" : null;
            default -> null;
        });
    }

    /** True when a node multiplies by the initializer as stored: x · W with W of shape {@code in × out}. */
    private static boolean storedInByOut(OnnxGraph graph, String initializer) {
        for (OnnxNode n : graph.consumers(initializer)) {
            if (n.opType().equals("MatMul") && n.input(1).equals(initializer)) {
                return true;
            }
            if (n.opType().equals("Gemm") && n.input(1).equals(initializer)) {
                return n.attribute("transB").map(a -> a.i() == 0).orElse(true);
            }
        }
        return false;
    }

    private static void put(OnnxGraph graph, Map<String, OnnxTensor> named, String hf, OnnxTensor t) {
        OnnxTensor before = named.putIfAbsent(hf, t);
        if (before != null && before != t) {
            throw new CheckpointException(graph.file(), "both initializers '" + before.name() + "' and '" + t.name()
                    + "' map to " + hf);
        }
    }

    private static String stripPrefix(String name) {
        return name.startsWith("bert.") ? name.substring("bert.".length()) : name;
    }
}
