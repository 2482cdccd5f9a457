package org.tuckerattention.converter.linalg;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Products with block-structured operands in plain Java (EJML kernels and {@link MatrixProducts#multiply}),
 * the default implementations of {@link MatrixProducts}' block methods; a native backend batches them.
 */
public final class BlockProducts {

    /** The number of blocks of {@code width} in {@code size}; fails unless it divides evenly. */
    public static int count(int size, int width) {
        if (width <= 0 || size % width != 0) {
            throw new IllegalArgumentException(size + " is not a multiple of the block width " + width);
        }
        return size / width;
    }

    /** {@code blockdiag(blocks) · m}: each w-row block of {@code m} times its w × w block; a new matrix. */
    public static DMatrixRMaj blockDiagonalTimes(List<DMatrixRMaj> blocks, DMatrixRMaj m) {
        int w = blocks.get(0).numRows;
        if (count(m.numRows, w) != blocks.size()) {
            throw new IllegalArgumentException(blocks.size() + " blocks of " + w + " for " + m.numRows + " rows");
        }
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
        for (int b = 0; b < blocks.size(); b++) {
            DMatrixRMaj rows = CommonOps_DDRM.extract(m, b * w, (b + 1) * w, 0, m.numCols);
            DMatrixRMaj product = new DMatrixRMaj(w, m.numCols);
            CommonOps_DDRM.mult(blocks.get(b), rows, product);
            CommonOps_DDRM.insert(product, out, b * w, 0);
        }
        return out;
    }

    /** Row block i of the result is {@code a_i · e_i} (see {@link MatrixProducts#blockTimes}), one product per block. */
    static DMatrixRMaj blockTimes(MatrixProducts products, DMatrixRMaj a, DMatrixRMaj e, int width) {
        int blocks = count(a.numRows, width);
        int r = a.numCols;
        if (e.numRows != blocks || r == 0 || e.numCols % r != 0) {
            throw new IllegalArgumentException(e.numRows + " x " + e.numCols + " does not hold " + blocks
                    + " blocks of " + r + " rows");
        }
        int k = e.numCols / r;
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, k);
        for (int b = 0; b < blocks; b++) {
            DMatrixRMaj ab = CommonOps_DDRM.extract(a, b * width, (b + 1) * width, 0, r);
            DMatrixRMaj eb = DMatrixRMaj.wrap(r, k, Arrays.copyOfRange(e.data, b * r * k, (b + 1) * r * k));
            CommonOps_DDRM.insert(products.multiply(ab, eb), out, b * width, 0);
        }
        return out;
    }

    /** Each w-row block of {@code m} repeated {@code times} times in place: per-group rows read per head. */
    public static DMatrixRMaj repeatBlocks(DMatrixRMaj m, int width, int times) {
        if (times == 1) {
            return m;
        }
        int blocks = count(m.numRows, width);
        int size = width * m.numCols;
        DMatrixRMaj out = new DMatrixRMaj(m.numRows * times, m.numCols);
        for (int b = 0; b < blocks; b++) {
            for (int t = 0; t < times; t++) {
                System.arraycopy(m.data, b * size, out.data, (b * times + t) * size, size);
            }
        }
        return out;
    }

    /** Each run of {@code times} consecutive w-row blocks of {@code m} summed into one: per-head rows summed per group. */
    public static DMatrixRMaj sumBlocks(DMatrixRMaj m, int width, int times) {
        if (times == 1) {
            return m;
        }
        int blocks = count(count(m.numRows, width), times);
        int size = width * m.numCols;
        DMatrixRMaj out = new DMatrixRMaj(blocks * width, m.numCols);
        for (int b = 0; b < blocks * times; b++) {
            int to = (b / times) * size;
            for (int k = 0; k < size; k++) {
                out.data[to + k] += m.data[b * size + k];
            }
        }
        return out;
    }

    /**
     * {@link MatrixProducts#mixedBlockProducts} by one product per block or per head. Mixing the heads of a
     * block before the big product costs {@code n·w·r1·r} per block, after it {@code n·r·size·(w + r1)}:
     * the cheaper order is taken.
     */
    static DMatrixRMaj mixedBlockProducts(MatrixProducts products, DMatrixRMaj f, int size, DMatrixRMaj small,
            DMatrixRMaj mix, Precision precision) {
        int heads = mix.numRows;
        int w = count(small.numRows, heads);
        int blocks = count(f.numCols, w);
        if (blocks * size != heads) {
            throw new IllegalArgumentException(blocks + " blocks of " + size + " heads for " + heads + " heads");
        }
        int r = small.numCols;
        int r1 = mix.numCols;
        int rows = f.numRows;
        DMatrixRMaj out = new DMatrixRMaj(rows, r1 * r);
        if ((long) r1 * w <= (long) size * (w + r1)) {
            for (int b = 0; b < blocks; b++) {
                DMatrixRMaj n = new DMatrixRMaj(w, r1 * r);
                for (int i = b * size; i < (b + 1) * size; i++) {
                    for (int a = 0; a < r1; a++) {
                        double coefficient = mix.get(i, a);
                        for (int q = 0; q < w; q++) {
                            for (int c = 0; c < r; c++) {
                                n.data[q * r1 * r + a * r + c] += coefficient * small.data[(i * w + q) * r + c];
                            }
                        }
                    }
                }
                CommonOps_DDRM.addEquals(out, products.multiply(columnBlock(f, b, w), false, n, false, precision));
            }
            return out;
        }
        // Each head's n × r product is mixed into the r1 column groups as it comes: no nH × n·r stack.
        for (int i = 0; i < heads; i++) {
            DMatrixRMaj s = CommonOps_DDRM.extract(small, i * w, (i + 1) * w, 0, r);
            DMatrixRMaj t = products.multiply(columnBlock(f, i / size, w), false, s, false, precision);
            for (int p = 0; p < rows; p++) {
                for (int a = 0; a < r1; a++) {
                    double coefficient = mix.get(i, a);
                    int to = p * r1 * r + a * r;
                    for (int c = 0; c < r; c++) {
                        out.data[to + c] += coefficient * t.data[p * r + c];
                    }
                }
            }
        }
        return out;
    }

    private static DMatrixRMaj columnBlock(DMatrixRMaj m, int b, int w) {
        return CommonOps_DDRM.extract(m, 0, m.numRows, b * w, (b + 1) * w);
    }

    private BlockProducts() {}
}
