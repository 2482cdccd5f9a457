package org.tuckerattention.converter.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Java doubles into libtorch through one direct buffer per thread, reused. DJL's {@code create(double[])}
 * stages every copy in a fresh direct buffer that lives until the next garbage collection; where a first
 * touch of memory costs ~4 ms per MiB (docs/benchmarks.md), those fresh pages, not the copy, made up most
 * of each transfer of a tall block. The tensor returned is libtorch's own copy, so the buffer is free
 * again when a call returns.
 */
final class Staging {

    /** Larger arrays (whole d × d matrices, rare) take DJL's own path, so no thread keeps a huge buffer. */
    static final int MAX_BYTES = 32 << 20;

    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    /** The first {@code shape.size()} values of {@code data} as a float64 or float32 (narrowed) tensor. */
    static NDArray copy(NDManager manager, double[] data, Shape shape, Precision precision) {
        int size = Math.toIntExact(shape.size());
        boolean single = precision == Precision.SINGLE;
        long bytes = (long) size * (single ? Float.BYTES : Double.BYTES);
        if (bytes > MAX_BYTES || size == 0) {
            return direct(manager, data, size, shape, single);
        }
        ByteBuffer buffer = buffer((int) bytes);
        if (single) {
            FloatBuffer floats = buffer.asFloatBuffer();
            for (int k = 0; k < size; k++) {
                floats.put(k, (float) data[k]);
            }
        } else {
            DoubleBuffer doubles = buffer.asDoubleBuffer();
            doubles.put(data, 0, size);
        }
        // create(ByteBuffer) wraps the buffer without copying: the duplicate is the tensor's own memory.
        try (NDManager wrap = manager.newSubManager()) {
            NDArray view = wrap.create(buffer, shape, single ? DataType.FLOAT32 : DataType.FLOAT64);
            NDArray owned = view.duplicate();
            owned.attach(manager);
            return owned;
        }
    }

    private static NDArray direct(NDManager manager, double[] data, int size, Shape shape, boolean single) {
        if (single) {
            float[] floats = new float[size];
            for (int k = 0; k < size; k++) {
                floats[k] = (float) data[k];
            }
            return manager.create(floats, shape);
        }
        return manager.create(data.length == size ? data : Arrays.copyOf(data, size), shape);
    }

    /** This thread's buffer, grown to at least {@code bytes}, positioned at 0 with that limit. */
    private static ByteBuffer buffer(int bytes) {
        ByteBuffer b = BUFFER.get();
        if (b == null || b.capacity() < bytes) {
            b = ByteBuffer.allocateDirect(Math.max(bytes, b == null ? 0 : 2 * b.capacity()))
                    .order(ByteOrder.nativeOrder());
            BUFFER.set(b);
        }
        b.clear().limit(bytes);
        return b;
    }

    private Staging() {}
}
