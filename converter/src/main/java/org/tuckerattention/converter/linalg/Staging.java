package org.tuckerattention.converter.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Java doubles into libtorch with one copy: an uninitialised tensor is allocated by libtorch and written
 * through a direct view of its own memory. DJL's {@code create(double[])} stages every copy in a fresh direct
 * buffer that lives until the next garbage collection and then copies it again; staging through a reused
 * buffer and cloning still copied twice, and the clones were a tenth of a 4096-wide layer's time
 * (docs/benchmarks.md).
 */
final class Staging {

    /** The first {@code shape.size()} values of {@code data} as a float64 or float32 (narrowed) tensor. */
    static NDArray copy(NDManager manager, double[] data, Shape shape, Precision precision) {
        int size = Math.toIntExact(shape.size());
        boolean single = precision == Precision.SINGLE;
        NDArray tensor = manager.create(shape, single ? DataType.FLOAT32 : DataType.FLOAT64);
        if (size == 0) {
            return tensor;
        }
        ByteBuffer memory = tensor.toByteBuffer(true).order(ByteOrder.nativeOrder());
        if (!memory.isDirect() || memory.capacity() < (long) size * (single ? Float.BYTES : Double.BYTES)) {
            throw new IllegalStateException("libtorch gave no direct view of a new " + shape + " tensor");
        }
        if (single) {
            FloatBuffer floats = memory.asFloatBuffer();
            for (int k = 0; k < size; k++) {
                floats.put(k, (float) data[k]);
            }
        } else {
            memory.asDoubleBuffer().put(data, 0, size);
        }
        return tensor;
    }

    private Staging() {}
}
