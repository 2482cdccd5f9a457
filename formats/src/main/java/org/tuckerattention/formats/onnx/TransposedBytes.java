package org.tuckerattention.formats.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tuckerattention.formats.tensor.TensorBytes;

/**
 * The bytes of a {@code rows × cols} matrix, transposed to {@code cols × rows} on first read and kept
 * in memory: ONNX stores MatMul weights {@code in × out}, Hugging Face {@code out × in} (DESIGN §3).
 * Elements are moved as raw bytes, so any element type comes through unchanged.
 */
final class TransposedBytes implements TensorBytes {

    private final TensorBytes source;
    private final int rows;
    private final int cols;
    private final int elementBytes;
    private ByteBuffer transposed;

    /** The caller has checked that {@code rows * cols * elementBytes} fits one buffer. */
    TransposedBytes(TensorBytes source, int rows, int cols, int elementBytes) {
        this.source = source;
        this.rows = rows;
        this.cols = cols;
        this.elementBytes = elementBytes;
    }

    @Override
    public synchronized ByteBuffer read(long offset, int length) {
        if (transposed == null) {
            transposed = transpose();
        }
        return transposed.slice(Math.toIntExact(offset), length).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer transpose() {
        ByteBuffer in = source.read(0, rows * cols * elementBytes);
        byte[] out = new byte[rows * cols * elementBytes];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                in.get((r * cols + c) * elementBytes, out, (c * rows + r) * elementBytes, elementBytes);
            }
        }
        return ByteBuffer.wrap(out).asReadOnlyBuffer();
    }
}
