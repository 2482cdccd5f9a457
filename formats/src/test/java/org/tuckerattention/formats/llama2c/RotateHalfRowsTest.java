package org.tuckerattention.formats.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.tensor.TensorBytes;

class RotateHalfRowsTest {

    /** Three heads of dH = 6 over rows of 5 bytes: odd row widths make reads cross rows unaligned. */
    private static final int HEAD_SIZE = 6;

    private static final int ROW_BYTES = 5;

    private static final int ROWS = 3 * HEAD_SIZE;

    @Test
    void mapsRowsAsHuggingFaceConverterDoes() {
        RotateHalfRows view = new RotateHalfRows(TensorBytes.inMemory(ByteBuffer.allocate(0)), ROW_BYTES, HEAD_SIZE);
        long[] expected = {0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9, 11, 12, 14, 16, 13, 15, 17};
        for (int row = 0; row < ROWS; row++) {
            assertEquals(expected[row], view.sourceRow(row), "row " + row);
        }
    }

    @Test
    void everyPartialReadEqualsTheSameRangeOfAFullRead() {
        byte[] stored = new byte[ROWS * ROW_BYTES];
        new Random(345).nextBytes(stored);
        RotateHalfRows view = new RotateHalfRows(TensorBytes.inMemory(ByteBuffer.wrap(stored)), ROW_BYTES, HEAD_SIZE);
        byte[] full = bytes(view.read(0, stored.length));
        for (int row = 0; row < ROWS; row++) {
            byte[] expectedRow = new byte[ROW_BYTES];
            System.arraycopy(stored, (int) view.sourceRow(row) * ROW_BYTES, expectedRow, 0, ROW_BYTES);
            byte[] actualRow = new byte[ROW_BYTES];
            System.arraycopy(full, row * ROW_BYTES, actualRow, 0, ROW_BYTES);
            assertArrayEquals(expectedRow, actualRow, "row " + row);
        }
        for (int offset = 0; offset <= stored.length; offset++) {
            for (int length = 0; offset + length <= stored.length; length++) {
                byte[] expected = new byte[length];
                System.arraycopy(full, offset, expected, 0, length);
                ByteBuffer part = view.read(offset, length);
                assertEquals(ByteOrder.LITTLE_ENDIAN, part.order());
                assertArrayEquals(expected, bytes(part), "offset " + offset + " length " + length);
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
