package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;

/**
 * The tensors under one name prefix (e.g. {@code model.layers.0.self_attn.tucker.pre.}), read as
 * float32 NDArrays; keeps those it reads by their full names (the parameters of the side).
 */
final class TensorGroup {

    private final Weights weights;
    private final String prefix;
    private final Map<String, NDArray> read = new LinkedHashMap<>();

    TensorGroup(Weights weights, String prefix) {
        this.weights = weights;
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    Path file() {
        return weights.checkpoint().source();
    }

    /** Dimension {@code axis} of tensor {@code name}, which must exist with at least that many axes. */
    long dim(String name, int axis) {
        long[] shape = weights.checkpoint().tensor(prefix + name).shape();
        if (axis >= shape.length) {
            throw new CheckpointException(weights.checkpoint().tensor(prefix + name).file(),
                    "tensor '" + prefix + name + "' has " + shape.length + " dimensions, expected more than " + axis);
        }
        return shape[axis];
    }

    NDArray get(String name, long... shape) {
        NDArray a = weights.get(prefix + name, shape);
        read.put(prefix + name, a);
        return a;
    }

    Optional<NDArray> optional(String name, long... shape) {
        Optional<NDArray> a = weights.optional(prefix + name, shape);
        a.ifPresent(v -> read.put(prefix + name, v));
        return a;
    }

    /** The tensors read so far, by full name, as stored (shape of the checkpoint). */
    Map<String, NDArray> read() {
        return Map.copyOf(read);
    }

    /** Parameters of the tensors read so far. */
    long parameters() {
        return read.values().stream().mapToLong(NDArray::size).sum();
    }
}
