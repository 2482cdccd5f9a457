package org.tuckerattention.converter.linalg;

import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;

/**
 * A matrix a {@link MatrixProducts} backend keeps on its side for several products (DESIGN §11): the
 * big constant factors of the Tucker engine are copied into a native backend once, not per product, and
 * products that feed further products (HOOI's Y and Z) stay there instead of coming back. Closing
 * releases what the backend holds; a Java matrix already taken stays valid.
 */
public final class Resident implements AutoCloseable {

    private final int rows;
    private final int cols;
    private DMatrixRMaj matrix;
    private final Supplier<DMatrixRMaj> materialise;
    /** The backend's copy (e.g. a native tensor), or null where the backend reads the Java matrix. */
    final Object handle;
    private final Runnable release;

    /** A Java matrix, with the backend's copy of it (or null). */
    Resident(DMatrixRMaj matrix, Object handle, Runnable release) {
        this(matrix.numRows, matrix.numCols, () -> matrix, handle, release);
        this.matrix = matrix;
    }

    /** A matrix held only by the backend, copied into Java by {@code materialise} if anyone asks. */
    Resident(int rows, int cols, Supplier<DMatrixRMaj> materialise, Object handle, Runnable release) {
        this.rows = rows;
        this.cols = cols;
        this.materialise = materialise;
        this.handle = handle;
        this.release = release;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The matrix in Java, in double; copied out of the backend on first use where it was born there. */
    public synchronized DMatrixRMaj matrix() {
        if (matrix == null) {
            matrix = materialise.get();
        }
        return matrix;
    }

    @Override
    public void close() {
        release.run();
    }
}
