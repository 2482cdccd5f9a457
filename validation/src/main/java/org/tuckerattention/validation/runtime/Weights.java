package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * A checkpoint's tensors as float32 NDArrays on the runtime's device. Every stored type is converted
 * to float in Java first: DJL 0.36 aborts on BF16 (DESIGN §11).
 */
final class Weights {

    private final Checkpoint checkpoint;
    private final NDManager manager;

    Weights(Checkpoint checkpoint, NDManager manager) {
        this.checkpoint = checkpoint;
        this.manager = manager;
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    NDManager manager() {
        return manager;
    }

    /** The tensor {@code name}, which must have {@code shape}; fails naming file and tensor otherwise. */
    NDArray get(String name, long... shape) {
        return manager.create(checkpoint.requireShape(name, shape).floats(), new Shape(shape));
    }

    Optional<NDArray> optional(String name, long... shape) {
        return checkpoint.has(name) ? Optional.of(get(name, shape)) : Optional.empty();
    }

    /** A weight stored {@code out × in}, transposed to {@code (in, out)} so activations multiply it on the left. */
    NDArray linear(String name, long out, long in) {
        return transposed(checkpoint.matrix(name, out, in));
    }

    /** {@code m} transposed, as a contiguous {@code (cols, rows)} array. */
    NDArray transposed(Matrix m) {
        return manager.create(m.transposed().data(), new Shape(m.cols(), m.rows()));
    }

    NDArray vector(float[] values) {
        return manager.create(values);
    }
}
