package org.tuckerattention.formats.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorBytes;

/**
 * The graph of an ONNX model as far as importers need it: initializers by name and nodes in file
 * order, with lookups along the data flow (who produces a value, who consumes it, is it constant).
 */
public final class OnnxGraph {

    private final Path file;
    private final Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    private final List<OnnxNode> nodes;
    private final Map<String, OnnxNode> producers = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();

    /** Fails naming the file if two initializers share a name or one has none. */
    public OnnxGraph(Path file, List<OnnxTensor> initializers, List<OnnxNode> nodes) {
        this.file = file;
        for (OnnxTensor t : initializers) {
            if (t.name().isEmpty()) {
                throw new CheckpointException(file, "an initializer " + t + " has no name");
            }
            if (this.initializers.putIfAbsent(t.name(), t) != null) {
                throw new CheckpointException(file, "two initializers are named '" + t.name() + "'");
            }
        }
        this.nodes = List.copyOf(nodes);
        for (OnnxNode n : this.nodes) {
            n.outputs().forEach(o -> producers.putIfAbsent(o, n));
            n.inputs().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
        }
    }

    /** The .onnx file (named in errors). */
    public Path file() {
        return file;
    }

    /** Initializers in file order. */
    public Collection<OnnxTensor> initializers() {
        return Collections.unmodifiableCollection(initializers.values());
    }

    public Optional<OnnxTensor> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** Nodes in file order (ONNX requires topological order). */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** The node that outputs {@code value}, if any (none for graph inputs and initializers). */
    public Optional<OnnxNode> producer(String value) {
        return Optional.ofNullable(producers.get(value));
    }

    /** The nodes that read {@code value}, in file order. */
    public List<OnnxNode> consumers(String value) {
        return Collections.unmodifiableList(consumers.getOrDefault(value, List.of()));
    }

    /**
     * The constant behind {@code value}: an initializer, or the output of a Constant node given as
     * {@code value}, {@code value_float}, {@code value_int} or {@code value_ints}.
     */
    public Optional<OnnxTensor> constant(String value) {
        OnnxTensor init = initializers.get(value);
        if (init != null) {
            return Optional.of(init);
        }
        OnnxNode node = producers.get(value);
        if (node == null || !node.opType().equals("Constant") || node.attributes().isEmpty()) {
            return Optional.empty();
        }
        OnnxAttribute a = node.attributes().get(0);
        return switch (a.name()) {
            case "value" -> a.t();
            case "value_float" -> Optional.of(floatScalar(value, a.f()));
            case "value_int" -> Optional.of(longs(value, new long[0], a.i()));
            case "value_ints" -> Optional.of(longs(value, new long[] {a.ints().length}, a.ints()));
            default -> Optional.empty();
        };
    }

    private static OnnxTensor floatScalar(String name, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return new OnnxTensor(name, DType.F32, new long[0], TensorBytes.inMemory(b.flip()));
    }

    private static OnnxTensor longs(String name, long[] dims, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return new OnnxTensor(name, DType.I64, dims, TensorBytes.inMemory(b.flip()));
    }
}
