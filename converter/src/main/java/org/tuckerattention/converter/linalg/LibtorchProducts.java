package org.tuckerattention.converter.linalg;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.MatrixDimensionException;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link MatrixProducts} by libtorch's float64 CPU matmul, driven through DJL's PyTorch engine
 * (DESIGN §11). The native library comes from the {@code pytorch-native-cpu} jar on the classpath;
 * run with {@code -Dai.djl.offline=true} and {@code DJL_CACHE_DIR} in the build folder so nothing is
 * downloaded. Each call copies its operands into one short-lived {@link NDManager} and the product
 * back out, so inputs are not modified and no native memory outlives the call, except a
 * {@link Resident} operand, copied in once and freed when closed. Thread-safe. {@link Precision#SINGLE}
 * products run in float32 (about twice as fast here) and come back in double; block methods are one
 * batched product ({@code bmm}) each.
 *
 * <p>Intra-op threads: DJL applies the system property {@value #NUM_THREADS} once, when the engine
 * starts; {@link #load()} sets it to the available processors unless the user already set it. An
 * engine started earlier by someone else keeps its own setting (libtorch's default is the core count).
 */
public final class LibtorchProducts implements MatrixProducts {

    /** DJL's property for libtorch's intra-op thread count, read at engine start. */
    static final String NUM_THREADS = "ai.djl.pytorch.num_threads";

    private static final String ENGINE = "PyTorch";

    /** Rows of {@code aᵀa} per product in {@link #gram}: large enough to keep matmul efficient. */
    static final int GRAM_BLOCK = 512;

    private final Engine engine;

    private LibtorchProducts(Engine engine) {
        this.engine = engine;
    }

    /**
     * Starts (or finds) DJL's PyTorch engine and checks one small product.
     *
     * @throws RuntimeException   when the engine is missing or its native library fails to load
     * @throws LinkageError       when a native library cannot be linked on this platform
     */
    public static LibtorchProducts load() {
        if (System.getProperty(NUM_THREADS) == null) {
            System.setProperty(NUM_THREADS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        LibtorchProducts products = new LibtorchProducts(Engine.getEngine(ENGINE));
        products.checkSmallProduct();
        return products;
    }

    /** Engine and library versions, e.g. "PyTorch 2.7.1 through DJL 0.36.0". */
    public String description() {
        return ENGINE + " " + engine.getVersion() + " through DJL " + Engine.getDjlVersion();
    }

    @Override
    public DMatrixRMaj multiply(DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        return multiply(a, null, transposeA, b, transposeB, Precision.DOUBLE);
    }

    /** Copies {@code a} into a native tensor that lives until the handle is closed. */
    @Override
    public Resident resident(DMatrixRMaj a) {
        NDManager manager = engine.newBaseManager(Device.cpu());
        return new Resident(a, new NativeOperand(manager, a), manager::close);
    }

    @Override
    public DMatrixRMaj multiply(Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        return multiply(a, transposeA, b, transposeB, Precision.DOUBLE);
    }

    @Override
    public DMatrixRMaj multiply(
            DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB, Precision precision) {
        return multiply(a, null, transposeA, b, transposeB, precision);
    }

    @Override
    public DMatrixRMaj multiply(
            Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB, Precision precision) {
        return multiply(a.matrix(), a.handle instanceof NativeOperand n ? n : null, transposeA, b, transposeB,
                precision);
    }

    @Override
    public List<DMatrixRMaj> blockGrams(DMatrixRMaj a, int width) {
        int blocks = BlockProducts.count(a.numCols, width);
        List<DMatrixRMaj> out = new ArrayList<>();
        if (a.numRows == 0) {
            for (int b = 0; b < blocks; b++) {
                out.add(new DMatrixRMaj(width, width));
            }
            return out;
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray x = operand(manager, a, false, Precision.DOUBLE)
                    .reshape(a.numRows, blocks, width).transpose(1, 0, 2);
            double[] grams = x.transpose(0, 2, 1).batchMatMul(x).toDoubleArray();
            for (int b = 0; b < blocks; b++) {
                out.add(DMatrixRMaj.wrap(width, width, Arrays.copyOfRange(grams, b * width * width,
                        (b + 1) * width * width)));
            }
        }
        return out;
    }

    @Override
    public DMatrixRMaj congruence(Resident f, List<DMatrixRMaj> blocks, DMatrixRMaj omega, Precision precision) {
        DMatrixRMaj m = f.matrix();
        int w = blocks.get(0).numRows;
        int nb = BlockProducts.count(m.numCols, w);
        if (nb != blocks.size() || omega.numRows != m.numRows) {
            throw new MatrixDimensionException("f is " + m.numRows + "x" + m.numCols + ", " + blocks.size()
                    + " blocks of " + w + ", omega has " + omega.numRows + " rows");
        }
        if (omega.numCols == 0 || m.numRows == 0) {
            return new DMatrixRMaj(m.numRows, omega.numCols);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray fa = local(manager, f, precision);
            NDArray inner = fa.transpose().matMul(operand(manager, omega, false, precision));
            NDArray middle = stacked(manager, blocks, precision)
                    .batchMatMul(inner.reshape(nb, w, omega.numCols)).reshape(nb * w, omega.numCols);
            return result(fa.matMul(middle), m.numRows, omega.numCols);
        }
    }

    @Override
    public DMatrixRMaj blockDiagonalTimes(List<DMatrixRMaj> blocks, DMatrixRMaj m, Precision precision) {
        int w = blocks.get(0).numRows;
        if (BlockProducts.count(m.numRows, w) != blocks.size()) {
            throw new MatrixDimensionException(blocks.size() + " blocks of " + w + " for " + m.numRows + " rows");
        }
        if (m.numCols == 0) {
            return new DMatrixRMaj(m.numRows, 0);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray rows = operand(manager, m, false, precision).reshape(blocks.size(), w, m.numCols);
            return result(stacked(manager, blocks, precision).batchMatMul(rows), m.numRows, m.numCols);
        }
    }

    @Override
    public DMatrixRMaj mixedBlockProducts(
            Resident f, int headsPerBlock, DMatrixRMaj small, DMatrixRMaj mix, Precision precision) {
        DMatrixRMaj m = f.matrix();
        int heads = mix.numRows;
        int w = BlockProducts.count(small.numRows, heads);
        int nb = BlockProducts.count(m.numCols, w);
        if (nb * headsPerBlock != heads) {
            throw new MatrixDimensionException(nb + " blocks of " + headsPerBlock + " heads for " + heads + " heads");
        }
        int n = m.numRows;
        int r = small.numCols;
        int r1 = mix.numCols;
        if (n == 0 || r == 0 || r1 == 0) {
            return new DMatrixRMaj(n, r1 * r);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray blocksOfF = local(manager, f, precision).reshape(n, nb, w).transpose(1, 0, 2);
            NDArray s = operand(manager, small, false, precision)
                    .reshape(nb, headsPerBlock, w, r).transpose(0, 2, 1, 3).reshape(nb, w, headsPerBlock * r);
            // Per head f_b(i) s_i (n × r), then the heads mixed by one product with mixᵀ.
            NDArray perHead = blocksOfF.batchMatMul(s).reshape(nb, n, headsPerBlock, r).transpose(0, 2, 1, 3)
                    .reshape(heads, (long) n * r);
            NDArray mixed = operand(manager, mix, true, precision).matMul(perHead);
            return result(mixed.reshape(r1, n, r).transpose(1, 0, 2).reshape(n, (long) r1 * r), n, r1 * r);
        }
    }

    @Override
    public DMatrixRMaj blockTransposedProducts(DMatrixRMaj a, DMatrixRMaj b, int width) {
        int nb = BlockProducts.count(a.numRows, width);
        if (BlockProducts.count(b.numRows, width) != nb) {
            throw new MatrixDimensionException(a.numRows + " and " + b.numRows + " rows in blocks of " + width);
        }
        if (nb == 0 || a.numCols == 0 || b.numCols == 0) {
            return new DMatrixRMaj(nb, a.numCols * b.numCols);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray x = operand(manager, a, false, Precision.DOUBLE).reshape(nb, width, a.numCols).transpose(0, 2, 1);
            NDArray y = operand(manager, b, false, Precision.DOUBLE).reshape(nb, width, b.numCols);
            return result(x.batchMatMul(y), nb, a.numCols * b.numCols);
        }
    }

    /**
     * {@code aᵀa} by block rows of its upper triangle, {@value #GRAM_BLOCK} rows at a time, mirrored
     * below: about half the flops of the full product, which dominate the mode Grams (DESIGN §4.1).
     */
    @Override
    public DMatrixRMaj gram(DMatrixRMaj a) {
        int n = a.numCols;
        if (n <= 2 * GRAM_BLOCK || a.numRows == 0) {
            return multiply(a, true, a, false);
        }
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray array = operand(manager, a, false, Precision.DOUBLE);
            for (int start = 0; start < n; start += GRAM_BLOCK) {
                int end = Math.min(n, start + GRAM_BLOCK);
                NDArray rows = array.get(new NDIndex(":, {}:{}", start, end)).transpose();
                double[] block = rows.matMul(array.get(new NDIndex(":, {}:", start))).toDoubleArray();
                int width = n - start;
                for (int i = start; i < end; i++) {
                    System.arraycopy(block, (i - start) * width, c.data, i * n + start, width);
                    for (int j = end; j < n; j++) {
                        c.data[j * n + i] = c.data[i * n + j];
                    }
                }
            }
        }
        return c;
    }

    /** {@code op(a) · op(b)}, reading {@code a} from {@code resident} when that is not null. */
    private DMatrixRMaj multiply(DMatrixRMaj a, NativeOperand resident, boolean transposeA, DMatrixRMaj b,
            boolean transposeB, Precision precision) {
        int rows = transposeA ? a.numCols : a.numRows;
        int inner = transposeA ? a.numRows : a.numCols;
        int innerB = transposeB ? b.numCols : b.numRows;
        int cols = transposeB ? b.numRows : b.numCols;
        if (inner != innerB) {
            throw new MatrixDimensionException("op(a) is " + rows + "x" + inner + " but op(b) is "
                    + innerB + "x" + cols);
        }
        if (rows == 0 || cols == 0 || inner == 0) {
            return new DMatrixRMaj(rows, cols);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray left = resident == null
                    ? operand(manager, a, transposeA, precision)
                    : transposed(resident.local(manager, precision), transposeA);
            return result(left.matMul(operand(manager, b, transposeB, precision)), rows, cols);
        }
    }

    @Override
    public String name() {
        return "libtorch";
    }

    /**
     * The matrix as a float64 (DOUBLE) or float32 (SINGLE) tensor; a transpose is a strided view that
     * matmul reads as such.
     */
    private static NDArray operand(NDManager manager, DMatrixRMaj m, boolean transpose, Precision precision) {
        int size = m.getNumElements();
        Shape shape = new Shape(m.numRows, m.numCols);
        NDArray array;
        if (precision == Precision.SINGLE) {
            float[] data = new float[size];
            for (int k = 0; k < size; k++) {
                data[k] = (float) m.data[k];
            }
            array = manager.create(data, shape);
        } else {
            // DMatrixRMaj may carry a longer array than its elements after a reshape.
            array = manager.create(m.data.length == size ? m.data : Arrays.copyOf(m.data, size), shape);
        }
        return transpose ? array.transpose() : array;
    }

    private static NDArray transposed(NDArray array, boolean transpose) {
        return transpose ? array.transpose() : array;
    }

    /** The resident operand as a view owned by this call's manager, so what is derived from it is freed with it. */
    private static NDArray local(NDManager manager, Resident f, Precision precision) {
        if (f.handle instanceof NativeOperand n) {
            return n.local(manager, precision);
        }
        return operand(manager, f.matrix(), false, precision);
    }

    /** w × w blocks stacked as one (nB, w, w) tensor. */
    private static NDArray stacked(NDManager manager, List<DMatrixRMaj> blocks, Precision precision) {
        int w = blocks.get(0).numRows;
        DMatrixRMaj all = new DMatrixRMaj(blocks.size() * w, w);
        for (int b = 0; b < blocks.size(); b++) {
            System.arraycopy(blocks.get(b).data, 0, all.data, b * w * w, w * w);
        }
        return operand(manager, all, false, precision).reshape(blocks.size(), w, w);
    }

    /** A product back in Java, in double, as {@code rows × cols}; float32 is widened here, not natively. */
    private static DMatrixRMaj result(NDArray product, int rows, int cols) {
        if (product.getDataType() == DataType.FLOAT64) {
            return DMatrixRMaj.wrap(rows, cols, product.toDoubleArray());
        }
        float[] single = product.toFloatArray();
        double[] data = new double[single.length];
        for (int k = 0; k < single.length; k++) {
            data[k] = single[k];
        }
        return DMatrixRMaj.wrap(rows, cols, data);
    }

    /** A resident matrix: its float64 and float32 tensors, each copied in on first use. */
    private static final class NativeOperand {
        private final NDManager manager;
        private final DMatrixRMaj matrix;
        private NDArray full;
        private NDArray single;

        NativeOperand(NDManager manager, DMatrixRMaj matrix) {
            this.manager = manager;
            this.matrix = matrix;
        }

        /** A view of the tensor at {@code precision}, owned by {@code caller}, which frees it. */
        synchronized NDArray local(NDManager caller, Precision precision) {
            if (precision == Precision.SINGLE && single == null) {
                single = operand(manager, matrix, false, Precision.SINGLE);
            } else if (precision == Precision.DOUBLE && full == null) {
                full = operand(manager, matrix, false, Precision.DOUBLE);
            }
            NDArray source = precision == Precision.SINGLE ? single : full;
            NDArray view = source.reshape(source.getShape());
            view.attach(caller);
            return view;
        }
    }

    /** Fails unless [[1,2],[3,4]]ᵀ·[5,6]ᵀ = [23,34]: a loaded engine that computes wrongly is no backend. */
    private void checkSmallProduct() {
        DMatrixRMaj c = multiply(new DMatrixRMaj(2, 2, true, 1, 2, 3, 4), true,
                new DMatrixRMaj(1, 2, true, 5, 6), true);
        if (c.get(0, 0) != 23 || c.get(1, 0) != 34) {
            throw new IllegalStateException("libtorch computed " + c.get(0, 0) + ", " + c.get(1, 0)
                    + " for a product whose answer is 23, 34");
        }
    }
}
