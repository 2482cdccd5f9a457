package org.tuckerattention.converter.linalg;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
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
 * {@link Resident} operand, copied in once (as {@link NativeColumns}, column chunks of at most 16 MiB)
 * and freed when closed, and {@link #mixedBlocks}' result, which stays native until closed.
 * Thread-safe. {@link Precision#SINGLE} products run in float32 (about twice as fast here) and come back
 * in double; products with a resident operand go chunk by chunk, block methods by batched products
 * ({@code bmm}) per chunk, so no intermediate buffer much above 16 MiB is allocated.
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
        return multiply(a, transposeA, b, transposeB, Precision.DOUBLE);
    }

    /** Copies {@code a} into native tensors (by chunks) that live until the handle is closed. */
    @Override
    public Resident resident(DMatrixRMaj a) {
        return resident(a, 1);
    }

    @Override
    public Resident resident(DMatrixRMaj a, int blockWidth) {
        NDManager manager = engine.newBaseManager(Device.cpu());
        return new Resident(a, new NativeColumns(manager, a, blockWidth), manager::close);
    }

    @Override
    public DMatrixRMaj multiply(Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        return multiply(a, transposeA, b, transposeB, Precision.DOUBLE);
    }

    @Override
    public DMatrixRMaj multiply(
            DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB, Precision precision) {
        int[] shape = productShape(a.numRows, a.numCols, transposeA, b, transposeB);
        int rows = shape[0];
        int cols = shape[2];
        if (rows == 0 || cols == 0 || shape[1] == 0) {
            return new DMatrixRMaj(rows, cols);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray left = operand(manager, a, false, precision);
            // A Gram (aᵀa, a·aᵀ) copies its operand in once.
            NDArray right = b == a ? left : operand(manager, b, false, precision);
            return result(transposed(left, transposeA).matMul(transposed(right, transposeB)), rows, cols);
        }
    }

    /** Chunk by chunk: {@code aᵀb} stacks the chunks' products, {@code a·b} sums them. */
    @Override
    public DMatrixRMaj multiply(
            Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB, Precision precision) {
        NativeColumns columns = columns(a);
        if (columns == null) {
            return multiply(a.matrix(), transposeA, b, transposeB, precision);
        }
        int[] shape = productShape(a.rows(), a.cols(), transposeA, b, transposeB);
        int rows = shape[0];
        int cols = shape[2];
        if (rows == 0 || cols == 0 || shape[1] == 0) {
            return new DMatrixRMaj(rows, cols);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray right = operand(manager, b, transposeB, precision);
            if (transposeA) {
                DMatrixRMaj out = new DMatrixRMaj(rows, cols);
                for (int c = 0; c < columns.chunks(); c++) {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray part = columns.chunk(step, c, precision).transpose().matMul(right);
                        DMatrixRMaj block = result(part, columns.end(c) - columns.start(c), cols);
                        System.arraycopy(block.data, 0, out.data, columns.start(c) * cols, block.data.length);
                    }
                }
                return out;
            }
            NDArray sum = null;
            for (int c = 0; c < columns.chunks(); c++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray rowsOfRight = right.get(new NDIndex("{}:{}", columns.start(c), columns.end(c)));
                    rowsOfRight.attach(step);
                    NDArray part = columns.chunk(step, c, precision).matMul(rowsOfRight);
                    sum = accumulate(sum, part, manager);
                }
            }
            return result(sum, rows, cols);
        }
    }

    /** By pairs of chunks, the upper ones mirrored. */
    @Override
    public DMatrixRMaj transposedGram(Resident a, Precision precision) {
        NativeColumns columns = columns(a);
        if (columns == null) {
            return MatrixProducts.super.transposedGram(a, precision);
        }
        int m = a.cols();
        DMatrixRMaj out = new DMatrixRMaj(m, m);
        if (a.rows() == 0 || m == 0) {
            return out;
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            for (int c = 0; c < columns.chunks(); c++) {
                for (int d = c; d < columns.chunks(); d++) {
                    try (NDManager step = manager.newSubManager()) {
                        int wc = columns.end(c) - columns.start(c);
                        int wd = columns.end(d) - columns.start(d);
                        DMatrixRMaj block = result(columns.chunk(step, c, precision).transpose()
                                .matMul(columns.chunk(step, d, precision)), wc, wd);
                        for (int i = 0; i < wc; i++) {
                            for (int j = 0; j < wd; j++) {
                                double v = block.data[i * wd + j];
                                out.data[(columns.start(c) + i) * m + columns.start(d) + j] = v;
                                out.data[(columns.start(d) + j) * m + columns.start(c) + i] = v;
                            }
                        }
                    }
                }
            }
        }
        return out;
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
        // A few blocks at a time: copies of a few MiB are reused by the allocator, a whole 4096² copy is not.
        int chunk = (int) Math.max(1, Math.min(blocks, NativeColumns.CHUNK_BYTES / (8L * a.numRows * width)));
        for (int first = 0; first < blocks; first += chunk) {
            int count = Math.min(chunk, blocks - first);
            try (NDManager manager = engine.newBaseManager(Device.cpu())) {
                NDArray x = Staging.copy(manager, a, first * width, (first + count) * width, Precision.DOUBLE)
                        .reshape(a.numRows, count, width).transpose(1, 0, 2);
                double[] grams = x.transpose(0, 2, 1).batchMatMul(x).toDoubleArray();
                for (int b = 0; b < count; b++) {
                    out.add(DMatrixRMaj.wrap(width, width, Arrays.copyOfRange(grams, b * width * width,
                            (b + 1) * width * width)));
                }
            }
        }
        return out;
    }

    /** Chunk by chunk: {@code Σ_c f_c · blockdiag(blocks of c) · f_cᵀ · omega}. */
    @Override
    public DMatrixRMaj congruence(Resident f, List<DMatrixRMaj> blocks, DMatrixRMaj omega, Precision precision) {
        int w = blocks.get(0).numRows;
        int nb = BlockProducts.count(f.cols(), w);
        if (nb != blocks.size() || omega.numRows != f.rows()) {
            throw new MatrixDimensionException("f is " + f.rows() + "x" + f.cols() + ", " + blocks.size()
                    + " blocks of " + w + ", omega has " + omega.numRows + " rows");
        }
        NativeColumns columns = columns(f);
        if (columns == null || !columns.alignedTo(w)) {
            return MatrixProducts.super.congruence(f, blocks, omega, precision);
        }
        if (omega.numCols == 0 || f.rows() == 0) {
            return new DMatrixRMaj(f.rows(), omega.numCols);
        }
        int k = omega.numCols;
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray o = operand(manager, omega, false, precision);
            NDArray sum = null;
            for (int c = 0; c < columns.chunks(); c++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray fc = columns.chunk(step, c, precision);
                    int first = columns.start(c) / w;
                    int count = (columns.end(c) - columns.start(c)) / w;
                    NDArray inner = fc.transpose().matMul(o);
                    NDArray middle = stacked(step, blocks.subList(first, first + count), precision)
                            .batchMatMul(inner.reshape(count, w, k)).reshape((long) count * w, k);
                    NDArray part = fc.matMul(middle);
                    sum = accumulate(sum, part, manager);
                }
            }
            return result(sum, f.rows(), k);
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

    /**
     * Chunk by chunk of f, and within a chunk by as many blocks as keep the per-head products (n × r each)
     * within {@link NativeColumns#CHUNK_BYTES}: those products are mixed into the r1 column groups as they
     * come, into accumulators of at most that size, which become the chunks of the result. No buffer of
     * nH·n·r (128 MiB at d = 4096) is ever made.
     */
    @Override
    public Resident mixedBlocks(
            Resident f, int headsPerBlock, DMatrixRMaj small, DMatrixRMaj mix, Precision precision) {
        int heads = mix.numRows;
        int w = BlockProducts.count(small.numRows, heads);
        int nb = BlockProducts.count(f.cols(), w);
        if (nb * headsPerBlock != heads) {
            throw new MatrixDimensionException(nb + " blocks of " + headsPerBlock + " heads for " + heads + " heads");
        }
        int n = f.rows();
        int r = small.numCols;
        int r1 = mix.numCols;
        NativeColumns columns = columns(f);
        if (n == 0 || r == 0 || r1 == 0 || columns == null || !columns.alignedTo(w)) {
            return MatrixProducts.super.mixedBlocks(f, headsPerBlock, small, mix, precision);
        }
        long bytes = precision == Precision.SINGLE ? 4 : 8;
        long slice = (long) n * r * bytes;
        int groupSize = (int) Math.max(1, Math.min(r1, NativeColumns.CHUNK_BYTES / slice));
        int blocksAtOnce = (int) Math.max(1, NativeColumns.CHUNK_BYTES / (slice * headsPerBlock));
        NDManager owner = engine.newBaseManager(Device.cpu());
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray s = operand(manager, small, false, precision)
                    .reshape(nb, headsPerBlock, w, r).transpose(0, 2, 1, 3).reshape(nb, w, (long) headsPerBlock * r);
            NDArray m = operand(manager, mix, true, precision);
            NDArray[] sums = new NDArray[(r1 + groupSize - 1) / groupSize];
            for (int c = 0; c < columns.chunks(); c++) {
                for (int b0 = columns.start(c) / w; b0 < columns.end(c) / w; b0 += blocksAtOnce) {
                    int b1 = Math.min(columns.end(c) / w, b0 + blocksAtOnce);
                    try (NDManager step = manager.newSubManager()) {
                        NDArray fb = columns.chunk(step, c, precision)
                                .get(new NDIndex(":, {}:{}", b0 * w - columns.start(c), b1 * w - columns.start(c)))
                                .reshape(n, b1 - b0, w).transpose(1, 0, 2);
                        NDArray sb = s.get(new NDIndex("{}:{}", b0, b1));
                        sb.attach(step);
                        // Per head f_b(i) s_i (n × r), as rows of (heads of these blocks) × n·r.
                        NDArray perHead = fb.batchMatMul(sb).reshape(b1 - b0, n, headsPerBlock, r)
                                .transpose(0, 2, 1, 3).reshape((long) (b1 - b0) * headsPerBlock, (long) n * r);
                        for (int g = 0; g < sums.length; g++) {
                            int a0 = g * groupSize;
                            int a1 = Math.min(r1, a0 + groupSize);
                            NDArray mg = m.get(new NDIndex("{}:{}, {}:{}", a0, a1, b0 * headsPerBlock, b1 * headsPerBlock));
                            mg.attach(step);
                            NDArray part = mg.matMul(perHead);
                            sums[g] = accumulate(sums[g], part, owner);
                        }
                    }
                }
            }
            List<NDArray> chunks = new ArrayList<>();
            int[] bounds = new int[r1 + 1];
            for (int a = 0; a < r1; a++) {
                chunks.add(sums[a / groupSize].get(a % groupSize).reshape(n, r));
                bounds[a + 1] = (a + 1) * r;
            }
            NativeColumns out = new NativeColumns(owner, n, bounds, chunks);
            return new Resident(n, r1 * r, out::toJava, out, owner::close);
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
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

    @Override
    public DMatrixRMaj blockTimes(DMatrixRMaj a, DMatrixRMaj e, int width) {
        int nb = BlockProducts.count(a.numRows, width);
        int r = a.numCols;
        if (e.numRows != nb || r == 0 || e.numCols % r != 0) {
            throw new MatrixDimensionException(e.numRows + "x" + e.numCols + " does not hold " + nb
                    + " blocks of " + r + " rows");
        }
        int k = e.numCols / r;
        if (nb == 0 || k == 0) {
            return new DMatrixRMaj(a.numRows, k);
        }
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray x = operand(manager, a, false, Precision.DOUBLE).reshape(nb, width, r);
            NDArray y = operand(manager, e, false, Precision.DOUBLE).reshape(nb, r, k);
            return result(x.batchMatMul(y), a.numRows, k);
        }
    }

    /** In one native pass: batched products per head, the mixing as one product, the heads of a block summed. */
    @Override
    public DMatrixRMaj mixedCongruence(
            DMatrixRMaj inner, DMatrixRMaj mix, DMatrixRMaj h, int width, int headsPerBlock, Precision precision) {
        int heads = mix.numRows;
        int r = inner.numCols;
        int k = h.numCols;
        if (mix.numCols != heads || inner.numRows != heads * width || heads % headsPerBlock != 0
                || h.numRows != heads / headsPerBlock * width) {
            throw new MatrixDimensionException(inner.numRows + "x" + r + " in blocks of " + width + ", mix "
                    + mix.numRows + "x" + mix.numCols + ", h " + h.numRows + "x" + k + ", " + headsPerBlock
                    + " heads per block");
        }
        if (heads == 0 || r == 0 || k == 0) {
            return new DMatrixRMaj(h.numRows, k);
        }
        int blocks = heads / headsPerBlock;
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray s = operand(manager, inner, false, precision).reshape(heads, width, r);
            NDArray hb = operand(manager, h, false, precision).reshape(blocks, 1, width, k);
            NDArray perHead = (headsPerBlock == 1 ? hb : hb.broadcast(new Shape(blocks, headsPerBlock, width, k)))
                    .reshape(heads, width, k);
            NDArray projected = s.transpose(0, 2, 1).batchMatMul(perHead).reshape(heads, (long) r * k);
            NDArray mixed = operand(manager, mix, false, precision).matMul(projected).reshape(heads, r, k);
            NDArray out = s.batchMatMul(mixed);
            if (headsPerBlock > 1) {
                out = out.reshape(blocks, headsPerBlock, width, k).sum(new int[] {1});
            }
            return result(out, h.numRows, k);
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

    @Override
    public String name() {
        return "libtorch";
    }

    /**
     * The matrix as a float64 (DOUBLE) or float32 (SINGLE) tensor; a transpose is a strided view that
     * matmul reads as such.
     */
    private static NDArray operand(NDManager manager, DMatrixRMaj m, boolean transpose, Precision precision) {
        return transposed(Staging.copy(manager, m, precision), transpose);
    }

    private static NDArray transposed(NDArray array, boolean transpose) {
        return transpose ? array.transpose() : array;
    }

    /** (rows, inner, cols) of {@code op(a)·op(b)} for an {@code aRows × aCols} a; fails when the inner sizes differ. */
    private static int[] productShape(int aRows, int aCols, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        int rows = transposeA ? aCols : aRows;
        int inner = transposeA ? aRows : aCols;
        int innerB = transposeB ? b.numCols : b.numRows;
        int cols = transposeB ? b.numRows : b.numCols;
        if (inner != innerB) {
            throw new MatrixDimensionException("op(a) is " + rows + "x" + inner + " but op(b) is "
                    + innerB + "x" + cols);
        }
        return new int[] {rows, inner, cols};
    }

    /** {@code sum + part}, in place; the first part becomes the sum, moved to {@code owner} to outlive its step. */
    private static NDArray accumulate(NDArray sum, NDArray part, NDManager owner) {
        if (sum == null) {
            part.attach(owner);
            return part;
        }
        return sum.addi(part);
    }

    /** The native chunks of a resident operand, or null where it has none (an empty result). */
    private static NativeColumns columns(Resident a) {
        return a.handle instanceof NativeColumns c ? c : null;
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

    /**
     * A product back in Java, in double, as {@code rows × cols}, read through a direct view of its memory
     * (DJL's default copies into a fresh byte array first); float32 is widened here, not natively.
     */
    private static DMatrixRMaj result(NDArray product, int rows, int cols) {
        ByteBuffer bytes = product.toByteBuffer(true);
        double[] data = new double[rows * cols];
        if (product.getDataType() == DataType.FLOAT64) {
            bytes.asDoubleBuffer().get(data);
        } else {
            FloatBuffer single = bytes.asFloatBuffer();
            for (int k = 0; k < data.length; k++) {
                data[k] = single.get(k);
            }
        }
        return DMatrixRMaj.wrap(rows, cols, data);
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
