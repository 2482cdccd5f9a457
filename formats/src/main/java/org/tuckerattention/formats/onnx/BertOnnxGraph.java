package org.tuckerattention.formats.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;

/**
 * Hyperparameters of a BERT export that only its graph records: the number of attention heads and
 * the LayerNorm epsilon (DESIGN §10).
 */
final class BertOnnxGraph {

    /** BertConfig's default, used when the graph has no recognisable norm. */
    static final double DEFAULT_LAYER_NORM_EPS = 1e-12;

    /** ONNX's default {@code epsilon} of LayerNormalization when the attribute is absent. */
    private static final double ONNX_LAYER_NORMALIZATION_EPS = 1e-5;

    /** An entry of a Reshape shape that is not a graph constant (e.g. the batch size). */
    private static final long UNKNOWN = Long.MIN_VALUE;

    /** How many Add nodes (bias, residual) may separate the query MatMul from its Reshape. */
    private static final int MAX_HOPS = 3;

    private BertOnnxGraph() {}

    /**
     * The head count, from the Reshape that splits layer 0's query projection into heads: HF BERT
     * views {@code (batch, seq, hidden)} as {@code (batch, seq, heads, head_size)}, so the last two
     * entries of the Reshape's shape input are the head count and size. The shape is an initializer,
     * a Constant node, or a Concat of constants and runtime sizes; a -1 or runtime entry is inferred
     * from the other entry and {@code hidden}.
     */
    static int attentionHeads(OnnxGraph graph, int hidden) {
        OnnxNode projection = graph.nodes().stream()
                .filter(n -> n.opType().equals("MatMul") || n.opType().equals("Gemm"))
                .filter(n -> BertOnnxWeights.module(n).filter("encoder.layer.0.attention.self.query"::equals).isPresent())
                .findFirst()
                .orElseThrow(() -> undetermined(graph, "no node /encoder/layer.0/attention/self/query/MatMul"));
        OnnxNode reshape = reshapeAfter(graph, projection.output(0))
                .orElseThrow(() -> undetermined(graph, "no Reshape follows " + projection.name()));
        long[] shape = shape(graph, reshape.input(1));
        String seen = Arrays.stream(shape).mapToObj(v -> v == UNKNOWN ? "?" : Long.toString(v))
                .collect(Collectors.joining(", ", "[", "]"));
        if (shape.length >= 2) {
            long heads = shape[shape.length - 2];
            long size = shape[shape.length - 1];
            if (heads <= 0 && size > 0 && hidden % size == 0) {
                heads = hidden / size;
            }
            if (heads > 0 && hidden % heads == 0 && (size <= 0 || (size <= hidden && heads * size == hidden))) {
                return Math.toIntExact(heads);
            }
        }
        throw undetermined(graph, reshape.name() + " has shape " + seen + ", expected [..., heads, head_size] with "
                + "heads × head_size = " + hidden);
    }

    /**
     * The epsilon of the first LayerNorm module: the {@code epsilon} of a fused LayerNormalization, or
     * the constant added to the variance before Sqrt in a decomposed one; 1e-12 if there is neither.
     */
    static double layerNormEpsilon(OnnxGraph graph) {
        for (OnnxNode n : graph.nodes()) {
            if (!BertOnnxWeights.module(n).filter(m -> m.endsWith("LayerNorm")).isPresent()) {
                continue;
            }
            if (n.opType().equals("LayerNormalization")) {
                return n.attribute("epsilon").map(a -> decimal(a.f())).orElse(ONNX_LAYER_NORMALIZATION_EPS);
            }
            if (n.opType().equals("Sqrt")) {
                Optional<OnnxNode> add = graph.producer(n.input(0)).filter(p -> p.opType().equals("Add"));
                for (String input : add.map(OnnxNode::inputs).orElse(List.of())) {
                    Optional<OnnxTensor> c = graph.constant(input).filter(t -> t.elementCount() == 1);
                    if (c.isPresent() && c.get().dtype().isFloatingPoint()) {
                        double eps = c.get().scalar(graph.file());
                        return c.get().dtype() == DType.F64 ? eps : decimal((float) eps);
                    }
                }
            }
        }
        return DEFAULT_LAYER_NORM_EPS;
    }

    /** The first Reshape reading {@code value}, looking through up to {@link #MAX_HOPS} Add nodes. */
    private static Optional<OnnxNode> reshapeAfter(OnnxGraph graph, String value) {
        Deque<String> frontier = new ArrayDeque<>(List.of(value));
        for (int hop = 0; hop <= MAX_HOPS && !frontier.isEmpty(); hop++) {
            Deque<String> next = new ArrayDeque<>();
            for (String v : frontier) {
                for (OnnxNode c : graph.consumers(v)) {
                    if (c.opType().equals("Reshape") && c.input(0).equals(v)) {
                        return Optional.of(c);
                    }
                    if (c.opType().equals("Add")) {
                        next.add(c.output(0));
                    }
                }
            }
            frontier = next;
        }
        return Optional.empty();
    }

    /** A Reshape's shape input: a constant, or a Concat whose non-constant parts are one runtime size each. */
    private static long[] shape(OnnxGraph graph, String value) {
        Optional<OnnxTensor> constant = graph.constant(value);
        if (constant.isPresent()) {
            return constant.get().integers(graph.file());
        }
        OnnxNode concat = graph.producer(value).filter(n -> n.opType().equals("Concat"))
                .orElseThrow(() -> undetermined(graph, "the query Reshape's shape '" + value
                        + "' is neither a constant nor a Concat"));
        List<Long> entries = new ArrayList<>();
        for (String part : concat.inputs()) {
            Optional<OnnxTensor> c = graph.constant(part);
            if (c.isPresent()) {
                Arrays.stream(c.get().integers(graph.file())).forEach(entries::add);
            } else {
                entries.add(UNKNOWN);
            }
        }
        return entries.stream().mapToLong(Long::longValue).toArray();
    }

    /** The shortest decimal that rounds to {@code f}: a float 1e-12 reads back as 1e-12, not 9.99999996e-13. */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static CheckpointException undetermined(OnnxGraph graph, String why) {
        return new CheckpointException(graph.file(), "cannot determine num_attention_heads: " + why);
    }
}
