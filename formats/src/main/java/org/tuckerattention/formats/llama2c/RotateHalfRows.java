package org.tuckerattention.formats.llama2c;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tuckerattention.formats.tensor.TensorBytes;

/**
 * A q or k projection stored with llama2.c's interleaved rotary rows, read in Hugging Face's
 * rotate-half order. Within each head of {@code dH} rows, row {@code h * dH/2 + j} of the view is row
 * {@code 2j + h} of the source ({@code h} in {0, 1}, {@code j} in [0, dH/2)): the permutation Hugging
 * Face's Llama converter applies. Rows are gathered per read, so nothing is held in memory between
 * reads and a tensor of any size costs only what is asked for.
 */
final class RotateHalfRows implements TensorBytes {

    private final TensorBytes source;
    private final long rowBytes;
    private final int headSize;

    /**
     * @param source the rows as stored, interleaved
     * @param rowBytes bytes per row (the input dimension times four)
     * @param headSize rows per head (dH, even)
     */
    RotateHalfRows(TensorBytes source, long rowBytes, int headSize) {
        this.source = source;
        this.rowBytes = rowBytes;
        this.headSize = headSize;
    }

    @Override
    public ByteBuffer read(long offset, int length) {
        ByteBuffer out = ByteBuffer.allocate(length);
        if (length > 0) {
            long headBytes = rowBytes * headSize;
            long end = offset + length;
            long firstHead = offset / headBytes;
            long headsEnd = (end - 1) / headBytes + 1;
            // The permutation stays within a head, so the whole heads touched hold every source row.
            ByteBuffer heads = source.read(firstHead * headBytes, Math.toIntExact((headsEnd - firstHead) * headBytes));
            long firstRow = firstHead * headSize;
            for (long pos = offset; pos < end; ) {
                long row = pos / rowBytes;
                long col = pos % rowBytes;
                int n = (int) Math.min(rowBytes - col, end - pos);
                int at = Math.toIntExact((sourceRow(row) - firstRow) * rowBytes + col);
                out.put(heads.slice(at, n));
                pos += n;
            }
            out.flip();
        }
        return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The stored (interleaved) row that rotate-half row {@code row} comes from. */
    long sourceRow(long row) {
        int half = headSize / 2;
        long headStart = row - row % headSize;
        int within = (int) (row % headSize);
        return headStart + 2L * (within % half) + within / half;
    }
}
