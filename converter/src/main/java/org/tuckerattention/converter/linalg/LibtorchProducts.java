package org.tuckerattention.converter.linalg;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.ejml.MatrixDimensionException;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link MatrixProducts} by libtorch's float64 CPU matmul, driven through DJL's PyTorch engine
 * (DESIGN §11). The native library comes from the {@code pytorch-native-cpu} jar on the classpath;
 * run with {@code -Dai.djl.offline=true} and {@code DJL_CACHE_DIR} in the build folder so nothing is
 * downloaded. Each call copies its operands into one short-lived {@link NDManager} and the product
 * back out, so inputs are not modified and no native memory outlives the call, except a
 * {@link Resident} operand, copied in once and freed when closed. Thread-safe.
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
        return multiply(a, null, transposeA, b, transposeB);
    }

    /** Copies {@code a} into a native tensor that lives until the handle is closed. */
    @Override
    public Resident resident(DMatrixRMaj a) {
        NDManager manager = engine.newBaseManager(Device.cpu());
        return new Resident(a, operand(manager, a, false), manager::close);
    }

    @Override
    public DMatrixRMaj multiply(Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        return multiply(a.matrix(), a.handle instanceof NDArray array ? array : null, transposeA, b, transposeB);
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
            NDArray array = operand(manager, a, false);
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
    private DMatrixRMaj multiply(
            DMatrixRMaj a, NDArray resident, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
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
            NDArray left = resident == null ? operand(manager, a, transposeA) : view(manager, resident, transposeA);
            NDArray product = left.matMul(operand(manager, b, transposeB));
            // A product of a resident operand belongs to its manager: move it to this call's.
            product.attach(manager);
            return DMatrixRMaj.wrap(rows, cols, product.toDoubleArray());
        }
    }

    @Override
    public String name() {
        return "libtorch";
    }

    /** The matrix as a float64 tensor; a transpose is a strided view that matmul reads as such. */
    private static NDArray operand(NDManager manager, DMatrixRMaj m, boolean transpose) {
        int size = m.getNumElements();
        // DMatrixRMaj may carry a longer array than its elements after a reshape.
        double[] data = m.data.length == size ? m.data : Arrays.copyOf(m.data, size);
        NDArray array = manager.create(data, new Shape(m.numRows, m.numCols));
        return transpose ? array.transpose() : array;
    }

    /** The resident tensor, or its transposed view owned by this call's manager. */
    private static NDArray view(NDManager manager, NDArray resident, boolean transpose) {
        if (!transpose) {
            return resident;
        }
        NDArray view = resident.transpose();
        view.attach(manager);
        return view;
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
