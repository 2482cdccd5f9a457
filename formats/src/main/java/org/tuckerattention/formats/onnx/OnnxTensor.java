package org.tuckerattention.formats.onnx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorBytes;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * An ONNX TensorProto (an initializer or a constant), validated: its dims are non-negative, their
 * product fits a long, and its bytes hold exactly that many elements of {@code dtype}.
 *
 * @param name the ONNX name (may be anonymous, e.g. {@code onnx::MatMul_787}; empty for attribute values)
 * @param dims the shape, outermost first, as stored (ONNX MatMul weights are {@code in × out})
 * @param bytes little-endian elements: a file region for raw_data, memory for typed fields
 */
public record OnnxTensor(String name, DType dtype, long[] dims, TensorBytes bytes) {

    /** Most elements {@link #integers} reads: shape constants are a handful of values. */
    private static final int MAX_INTEGERS = 64;

    public OnnxTensor {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** Product of the dims (1 for a scalar); validated not to overflow when read. */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** This tensor as a checkpoint tensor called {@code newName}, bytes shared. */
    public TensorRef ref(Path file, String newName) {
        return new TensorRef(newName, dtype, dims, file, bytes);
    }

    /** The values of a small integer tensor (a shape or an axis list), e.g. {@code [0, 0, 12, 32]}. */
    public long[] integers(Path file) {
        long count = elementCount();
        if (dtype.isFloatingPoint() || count > MAX_INTEGERS) {
            throw new CheckpointException(file, "constant '" + name + "' (" + dtype + Arrays.toString(dims)
                    + ") is not a small integer tensor");
        }
        ByteBuffer b = bytes.read(0, (int) count * dtype.byteSize());
        long[] out = new long[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case I64 -> b.getLong();
                case I32 -> b.getInt();
                case I16 -> b.getShort();
                case I8 -> b.get();
                default -> Byte.toUnsignedInt(b.get());
            };
        }
        return out;
    }

    /** The value of a one-element floating-point tensor, e.g. a LayerNorm epsilon. */
    public double scalar(Path file) {
        if (!dtype.isFloatingPoint() || elementCount() != 1) {
            throw new CheckpointException(file, "constant '" + name + "' (" + dtype + Arrays.toString(dims)
                    + ") is not a floating-point scalar");
        }
        double[] one = new double[1];
        dtype.readDoubles(bytes.read(0, dtype.byteSize()), one, 0, 1);
        return one[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxTensor t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.dims, dims)
                && t.bytes == bytes;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(dims);
    }
}
