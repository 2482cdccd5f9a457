package org.tuckerattention.converter.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * A matrix a {@link MatrixProducts} backend keeps on its side for several products (DESIGN §11): the
 * big constant factors of the Tucker engine are copied into a native backend once, not per product.
 * Closing releases what the backend holds; the Java matrix is untouched and stays valid.
 */
public final class Resident implements AutoCloseable {

    private final DMatrixRMaj matrix;
    /** The backend's copy (e.g. a native tensor), or null where the backend reads the Java matrix. */
    final Object handle;
    private final Runnable release;

    Resident(DMatrixRMaj matrix, Object handle, Runnable release) {
        this.matrix = matrix;
        this.handle = handle;
        this.release = release;
    }

    /** The Java-side matrix this operand holds. */
    public DMatrixRMaj matrix() {
        return matrix;
    }

    @Override
    public void close() {
        release.run();
    }
}
