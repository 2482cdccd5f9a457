package org.tuckerattention.formats.tensor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.tuckerattention.formats.CheckpointException;

/**
 * A stored tensor: its name, type, shape and where its bytes are. Nothing is read until asked for;
 * values come back as float or double whatever the stored type.
 */
public final class TensorRef {

    /** Largest Java array we create (a little under Integer.MAX_VALUE, as the JDK collections do). */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Chunk in which large tensors are read, so no single mapping exceeds it. */
    private static final int READ_CHUNK_BYTES = 1 << 28;

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final Path file;
    private final TensorBytes bytes;

    public TensorRef(String name, DType dtype, long[] shape, Path file, TensorBytes bytes) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.file = file;
        this.bytes = bytes;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** The shape, outermost dimension first (row-major). */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    /** The file the bytes come from (for messages). */
    public Path file() {
        return file;
    }

    /** Product of the shape (1 for a scalar); the caller has validated it does not overflow. */
    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    public long byteSize() {
        return elementCount() * dtype.byteSize();
    }

    /** Raw little-endian bytes {@code [offset, offset + length)} in the stored type. */
    public ByteBuffer rawBytes(long offset, int length) {
        return bytes.read(offset, length);
    }

    /** Every element as float, row-major. */
    public float[] floats() {
        return floats(0, arrayLength());
    }

    /** Elements {@code [first, first + count)} as float, row-major. */
    public float[] floats(long first, int count) {
        checkRange(first, count);
        float[] out = new float[count];
        int perChunk = READ_CHUNK_BYTES / dtype.byteSize();
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            ByteBuffer chunk = bytes.read((first + done) * dtype.byteSize(), n * dtype.byteSize());
            dtype.readFloats(chunk, out, done, n);
            done += n;
        }
        return out;
    }

    /** Every element as double, row-major (F64 is not rounded through float). */
    public double[] doubles() {
        int count = arrayLength();
        double[] out = new double[count];
        int perChunk = READ_CHUNK_BYTES / dtype.byteSize();
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            ByteBuffer chunk = bytes.read((long) done * dtype.byteSize(), n * dtype.byteSize());
            dtype.readDoubles(chunk, out, done, n);
            done += n;
        }
        return out;
    }

    /** This 2-D tensor as a matrix of floats. */
    public Matrix matrix() {
        if (shape.length != 2) {
            throw new CheckpointException(
                    file, "tensor '" + name + "' has shape " + Arrays.toString(shape) + ", expected 2 dimensions");
        }
        return new Matrix(Math.toIntExact(shape[0]), Math.toIntExact(shape[1]), floats());
    }

    /** This 1-D tensor as floats. */
    public float[] vector() {
        if (shape.length != 1) {
            throw new CheckpointException(
                    file, "tensor '" + name + "' has shape " + Arrays.toString(shape) + ", expected 1 dimension");
        }
        return floats();
    }

    private int arrayLength() {
        long n = elementCount();
        if (n > MAX_ARRAY) {
            throw new CheckpointException(
                    file, "tensor '" + name + "' has " + n + " elements, more than one array can hold; read it in parts");
        }
        return (int) n;
    }

    private void checkRange(long first, int count) {
        if (first < 0 || count < 0 || first + count > elementCount()) {
            throw new IndexOutOfBoundsException(
                    "elements [" + first + ", " + (first + count) + ") of '" + name + "' with " + elementCount());
        }
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
