package org.tuckerattention.formats.safetensors;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * A tensor to be written by {@link SafetensorsWriter}: its name, type and shape, and a way to stream
 * its bytes (little-endian, row-major, exactly shape × dtype size of them) so that no file needs to be
 * held in memory whole.
 */
public interface TensorSource {

    String name();

    DType dtype();

    /** The shape, outermost dimension first; a copy. */
    long[] shape();

    /** Writes the tensor's bytes to {@code out}, all of them, once. */
    void writeTo(WritableByteChannel out) throws IOException;

    /**
     * {@code values} (row-major, one per element of {@code shape}) stored as {@code dtype}; F16 and BF16
     * round to nearest, ties to even. The array is read when written, not copied: do not change it.
     */
    static TensorSource of(String name, DType dtype, long[] shape, float[] values) {
        StreamedTensor.checkCount(name, shape, values.length);
        return new StreamedTensor(
                name, dtype, shape, out -> StreamedTensor.encode(out, dtype, values.length, i -> values[i]));
    }

    /** As {@link #of}, from doubles (F64 keeps them exactly; narrower types round as {@link DType#write} does). */
    static TensorSource ofDoubles(String name, DType dtype, long[] shape, double[] values) {
        StreamedTensor.checkCount(name, shape, values.length);
        return new StreamedTensor(
                name, dtype, shape, out -> StreamedTensor.encode(out, dtype, values.length, i -> values[i]));
    }

    /** {@code ref} unchanged: same name, dtype and shape, its raw bytes streamed in chunks (any size). */
    static TensorSource copyOf(TensorRef ref) {
        return new StreamedTensor(ref.name(), ref.dtype(), ref.shape(), out -> StreamedTensor.copy(out, ref));
    }

    /**
     * {@code ref} converted to {@code target}, streamed in chunks; each element goes through double (so
     * F64 and integers are not rounded through float) and is then written as {@link DType#write} does.
     */
    static TensorSource converted(TensorRef ref, DType target) {
        if (target == ref.dtype()) {
            return copyOf(ref);
        }
        return new StreamedTensor(ref.name(), target, ref.shape(), out -> StreamedTensor.convert(out, ref, target));
    }
}
