package org.tuckerattention.converter.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A matrix held by libtorch as column chunks of at most {@link #CHUNK_BYTES} each, in float64 and float32,
 * each made on first use: a matrix from Java is copied in by chunks, in double, and narrowed natively;
 * one born natively (a product) widens natively. Chunks because on this kind of machine a fresh native
 * buffer of 100+ MiB costs about 4 ms per MiB in page faults on every allocation, while buffers of a
 * few MiB are recycled by the C allocator: products taken chunk by chunk avoid both the big copies and
 * the big intermediate results. Chunk bounds are multiples of a block width given at creation, so
 * block-structured products never straddle a chunk.
 */
final class NativeColumns {

    /** The largest native buffer a chunk (or a chunk's intermediate result) should need. */
    static final long CHUNK_BYTES = 16L << 20;

    private final NDManager manager;
    private final DMatrixRMaj matrix;
    private final int rows;
    /** Chunk c covers columns [bounds[c], bounds[c + 1]). */
    private final int[] bounds;
    private List<NDArray> full;
    private List<NDArray> single;

    /** {@code matrix} to be copied in by chunks of whole {@code blockWidth}-column blocks; owned by {@code manager}. */
    NativeColumns(NDManager manager, DMatrixRMaj matrix, int blockWidth) {
        this.manager = manager;
        this.matrix = matrix;
        this.rows = matrix.numRows;
        this.bounds = bounds(matrix.numRows, matrix.numCols, blockWidth);
    }

    /** Chunks already made natively (float32 or float64), owned by {@code manager}. */
    NativeColumns(NDManager manager, int rows, int[] bounds, List<NDArray> chunks) {
        this.manager = manager;
        this.matrix = null;
        this.rows = rows;
        this.bounds = bounds.clone();
        if (chunks.get(0).getDataType() == DataType.FLOAT64) {
            full = chunks;
        } else {
            single = chunks;
        }
    }

    /** Bounds of chunks of whole {@code width}-column blocks holding at most {@link #CHUNK_BYTES} in double. */
    static int[] bounds(int rows, int cols, int width) {
        int w = Math.max(1, width);
        long blocks = Math.max(1, CHUNK_BYTES / (8L * Math.max(1, rows) * w));
        int step = (int) Math.min(Math.max(cols, 1), blocks * w);
        int count = Math.max(1, (cols + step - 1) / step);
        int[] b = new int[count + 1];
        for (int c = 0; c < count; c++) {
            b[c] = c * step;
        }
        b[count] = cols;
        return b;
    }

    int chunks() {
        return bounds.length - 1;
    }

    int start(int chunk) {
        return bounds[chunk];
    }

    int end(int chunk) {
        return bounds[chunk + 1];
    }

    /** Whether every chunk holds whole blocks of {@code width} columns. */
    boolean alignedTo(int width) {
        for (int b : bounds) {
            if (b % width != 0) {
                return false;
            }
        }
        return true;
    }

    /** Chunk c (rows × its columns) at {@code precision} as a view owned by {@code caller}, which frees it. */
    synchronized NDArray chunk(NDManager caller, int c, Precision precision) {
        NDArray source = (precision == Precision.SINGLE ? single() : full()).get(c);
        NDArray view = source.reshape(source.getShape());
        view.attach(caller);
        return view;
    }

    /** The matrix copied into Java, in double. */
    DMatrixRMaj toJava() {
        int cols = bounds[bounds.length - 1];
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        try (NDManager caller = manager.newSubManager()) {
            for (int c = 0; c < chunks(); c++) {
                int width = end(c) - start(c);
                double[] data = chunk(caller, c, Precision.DOUBLE).toDoubleArray();
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(data, i * width, out.data, i * cols + start(c), width);
                }
            }
        }
        return out;
    }

    private List<NDArray> full() {
        if (full == null) {
            List<NDArray> chunks = new ArrayList<>();
            for (int c = 0; c < chunks(); c++) {
                chunks.add(matrix != null
                        ? javaChunk(c)
                        : single.get(c).toType(DataType.FLOAT64, false));
            }
            full = chunks;
        }
        return full;
    }

    private List<NDArray> single() {
        if (single == null) {
            List<NDArray> chunks = new ArrayList<>();
            for (NDArray f : full()) {
                chunks.add(f.toType(DataType.FLOAT32, false));
            }
            single = chunks;
        }
        return single;
    }

    private NDArray javaChunk(int c) {
        return Staging.copy(manager, matrix, start(c), end(c), Precision.DOUBLE);
    }
}
