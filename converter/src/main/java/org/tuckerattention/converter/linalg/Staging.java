package org.tuckerattention.converter.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.ejml.data.DMatrixRMaj;

/**
 * Java matrices into libtorch with one copy: an uninitialised tensor is allocated by libtorch and written
 * through a direct view of its own memory. DJL's {@code create(double[])} stages every copy in a fresh direct
 * buffer that lives until the next garbage collection and then copies it again; staging through a reused
 * buffer and cloning still copied twice, and the clones were a tenth of a 4096-wide layer's time
 * (docs/benchmarks.md).
 */
final class Staging {

    /** {@code m} as a float64 or float32 (narrowed) tensor. */
    static NDArray copy(NDManager manager, DMatrixRMaj m, Precision precision) {
        return copy(manager, m, 0, m.numCols, precision);
    }

    /**
     * Columns {@code [from, to)} of {@code m} as a rows × (to - from) tensor, written row segment by row
     * segment, so a block of columns needs no Java copy of its own first.
     */
    static NDArray copy(NDManager manager, DMatrixRMaj m, int from, int to, Precision precision) {
        int rows = m.numRows;
        int width = to - from;
        boolean single = precision == Precision.SINGLE;
        NDArray tensor = manager.create(new Shape(rows, width), single ? DataType.FLOAT32 : DataType.FLOAT64);
        if (rows == 0 || width == 0) {
            return tensor;
        }
        ByteBuffer memory = tensor.toByteBuffer(true).order(ByteOrder.nativeOrder());
        if (!memory.isDirect() || memory.capacity() < (long) rows * width * (single ? Float.BYTES : Double.BYTES)) {
            throw new IllegalStateException("libtorch gave no direct view of a new " + rows + " x " + width + " tensor");
        }
        if (single) {
            FloatBuffer floats = memory.asFloatBuffer();
            for (int i = 0; i < rows; i++) {
                int source = i * m.numCols + from;
                for (int j = 0; j < width; j++) {
                    floats.put(i * width + j, (float) m.data[source + j]);
                }
            }
        } else if (width == m.numCols) {
            memory.asDoubleBuffer().put(m.data, 0, rows * width);
        } else {
            DoubleBuffer doubles = memory.asDoubleBuffer();
            for (int i = 0; i < rows; i++) {
                doubles.put(i * width, m.data, i * m.numCols + from, width);
            }
        }
        return tensor;
    }

    private Staging() {}
}
