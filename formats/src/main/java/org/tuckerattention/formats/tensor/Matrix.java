package org.tuckerattention.formats.tensor;

import java.util.Arrays;

/**
 * A dense row-major float matrix. Weights are kept in Hugging Face orientation, {@code out × in}
 * (DESIGN §3). Instances are treated as immutable: no method here changes {@link #data()}.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final float[] data;

    /** Wraps {@code data} (not copied); it must have {@code rows * cols} elements. */
    public Matrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "a " + rows + " x " + cols + " matrix needs " + (long) rows * cols + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing row-major array; do not modify. */
    public float[] data() {
        return data;
    }

    public float get(int r, int c) {
        return data[r * cols + c];
    }

    public Matrix transposed() {
        float[] t = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = data[r * cols + c];
            }
        }
        return new Matrix(cols, rows, t);
    }

    /** Rows {@code [from, to)} as a new matrix. */
    public Matrix rowRange(int from, int to) {
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** Columns {@code [from, to)} as a new matrix. */
    public Matrix colRange(int from, int to) {
        int width = to - from;
        float[] out = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * cols + from, out, r * width, width);
        }
        return new Matrix(rows, width, out);
    }

    /** The shape as {@code [rows, cols]}, for comparison with stored tensors. */
    public long[] shape() {
        return new long[] {rows, cols};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix " + rows + " x " + cols;
    }
}
