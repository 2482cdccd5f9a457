package org.tuckerattention.formats.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * The {@link TensorSource} behind its factories: a name, type and shape plus a body that streams the
 * bytes through a buffer of at most {@link #CHUNK_BYTES}, whatever the tensor's size.
 */
final class StreamedTensor implements TensorSource {

    /** Bytes moved per step; bounds the memory a copy or conversion needs. */
    static final int CHUNK_BYTES = 1 << 22;

    /** Writes a tensor's bytes. */
    interface Body {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final Body body;

    StreamedTensor(String name, DType dtype, long[] shape, Body body) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public void writeTo(WritableByteChannel out) throws IOException {
        body.writeTo(out);
    }

    /** Fails unless {@code count} values fill {@code shape} exactly. */
    static void checkCount(String name, long[] shape, int count) {
        if (elementCount(name, shape) != count) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + elementCount(name, shape) + " elements, got " + count + " values");
        }
    }

    /** The product of {@code shape}; fails on a negative dimension or a product beyond 64 bits. */
    static long elementCount(String name, long[] shape) {
        long elements = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "': negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                elements = Math.multiplyExact(elements, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "': shape " + Arrays.toString(shape) + " overflows 64 bits");
            }
        }
        return elements;
    }

    /** Writes {@code count} values, each encoded as {@code dtype}. */
    static void encode(WritableByteChannel out, DType dtype, int count, IntToDoubleFunction value) throws IOException {
        int perChunk = CHUNK_BYTES / dtype.byteSize();
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(count, perChunk) * dtype.byteSize())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            buffer.clear();
            for (int i = 0; i < n; i++) {
                dtype.write(buffer, value.applyAsDouble(done + i));
            }
            writeFully(out, buffer.flip());
            done += n;
        }
    }

    /** Streams the raw bytes of {@code ref}. */
    static void copy(WritableByteChannel out, TensorRef ref) throws IOException {
        long total = ref.byteSize();
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(CHUNK_BYTES, total - done);
            writeFully(out, ref.rawBytes(done, n));
            done += n;
        }
    }

    /** Streams {@code ref} decoded to double and re-encoded as {@code target}. */
    static void convert(WritableByteChannel out, TensorRef ref, DType target) throws IOException {
        DType source = ref.dtype();
        int perChunk = CHUNK_BYTES / Math.max(source.byteSize(), target.byteSize());
        long total = ref.elementCount();
        double[] values = new double[(int) Math.min(total, perChunk)];
        ByteBuffer buffer = ByteBuffer.allocate(values.length * target.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(perChunk, total - done);
            source.readDoubles(ref.rawBytes(done * source.byteSize(), n * source.byteSize()), values, 0, n);
            buffer.clear();
            for (int i = 0; i < n; i++) {
                target.write(buffer, values[i]);
            }
            writeFully(out, buffer.flip());
            done += n;
        }
    }

    /** Channels may write less than asked; loop until the buffer is drained. */
    static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
