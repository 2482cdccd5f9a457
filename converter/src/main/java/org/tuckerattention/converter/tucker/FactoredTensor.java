package org.tuckerattention.converter.tucker;

import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * An order-3 tensor X of dimensions {@code (nH, I2, I3)} held by its per-head factors: slice
 * {@code X_i = L_i R_g(i)ᵀ} with {@code L_i} (I2 × w), {@code R_g} (I3 × w) and
 * {@code g(i) = i / (nH / nG)} (DESIGN §4). The factors are kept side by side as
 * {@code L_all = [L_1 … L_nH]} (I2 × nH·w) and {@code R_all = [R_1 … R_nG]} (I3 × nG·w), so the mode
 * Grams are a few large products ({@link ModeGram}). X itself is never formed (DESIGN §4.1).
 *
 * <p>Immutable: the factories copy what they are given; inputs are not modified.
 */
public final class FactoredTensor {

    /** Mode names of the pre-softmax (query-key) tensor. */
    public static final List<String> PRE_SOFTMAX_MODES = List.of("head", "query", "key");

    /** Mode names of the post-softmax (value-output) tensor. */
    public static final List<String> POST_SOFTMAX_MODES = List.of("head", "output", "value");

    private final DMatrixRMaj left;
    private final DMatrixRMaj right;
    private final int heads;
    private final int groups;
    private final int width;
    private final List<String> modeNames;

    /**
     * @param left {@code L_all} (I2 × nH·w), copied
     * @param right {@code R_all} (I3 × nG·w), copied
     * @param heads nH, the number of slices
     * @param groups nG, dividing nH
     * @param modeNames three names for messages and reports, e.g. (head, query, key)
     */
    public static FactoredTensor of(
            DMatrixRMaj left, DMatrixRMaj right, int heads, int groups, List<String> modeNames) {
        return new FactoredTensor(left.copy(), right.copy(), heads, groups, modeNames);
    }

    /** Takes ownership of {@code left} and {@code right}. */
    private FactoredTensor(DMatrixRMaj left, DMatrixRMaj right, int heads, int groups, List<String> modeNames) {
        if (heads <= 0 || groups <= 0 || heads % groups != 0) {
            throw new IllegalArgumentException(groups + " groups must divide " + heads + " heads");
        }
        if (left.numCols % heads != 0 || left.numCols / heads == 0) {
            throw new IllegalArgumentException(
                    "L_all has " + left.numCols + " columns, not a positive multiple of " + heads + " heads");
        }
        int w = left.numCols / heads;
        if (right.numCols != groups * w) {
            throw new IllegalArgumentException(
                    "R_all has " + right.numCols + " columns, expected " + groups + " groups x " + w);
        }
        if (modeNames.size() != 3) {
            throw new IllegalArgumentException("an order-3 tensor needs 3 mode names, got " + modeNames);
        }
        this.left = left;
        this.right = right;
        this.heads = heads;
        this.groups = groups;
        this.width = w;
        this.modeNames = List.copyOf(modeNames);
    }

    /**
     * The pre-softmax tensor {@code W_i = Q_i K_g(i)ᵀ} (DESIGN §4), modes (head, query, key):
     * {@code L_all = wqᵀ}, {@code R_all = wkᵀ}. For MLA the factors read the latents (DESIGN §7).
     */
    public static FactoredTensor preSoftmax(AttentionWeights w) {
        return new FactoredTensor(transposed(w.wq()), transposed(w.wk()),
                w.geometry().nH(), w.geometry().nKV(), PRE_SOFTMAX_MODES);
    }

    /**
     * The post-softmax tensor {@code W̃_i = (V_g(i) O_i)ᵀ = O_iᵀ V_gᵀ} (DESIGN §4), modes (head, output,
     * value): {@code L_i = O_iᵀ}, so {@code L_all = wo}, and {@code R_all = wvᵀ}.
     */
    public static FactoredTensor postSoftmax(AttentionWeights w) {
        return new FactoredTensor(plain(w.wo()), transposed(w.wv()),
                w.geometry().nH(), w.geometry().nKV(), POST_SOFTMAX_MODES);
    }

    /** {@code (nH, I2, I3)}. */
    public int[] dims() {
        return new int[] {heads, left.numRows, right.numRows};
    }

    public List<String> modeNames() {
        return modeNames;
    }

    /** nH. */
    public int heads() {
        return heads;
    }

    /** nG. */
    public int groups() {
        return groups;
    }

    /** w, the inner width of each slice's factorisation. */
    public int width() {
        return width;
    }

    /** {@code g(i)}: the right factor that slice i uses. */
    public int group(int head) {
        return head / (heads / groups);
    }

    /** {@code L_i} (I2 × w), a copy. */
    public DMatrixRMaj leftFactor(int head) {
        return CommonOps_DDRM.extract(left, 0, left.numRows, head * width, (head + 1) * width);
    }

    /** {@code R_g} (I3 × w), a copy. */
    public DMatrixRMaj rightFactor(int group) {
        return CommonOps_DDRM.extract(right, 0, right.numRows, group * width, (group + 1) * width);
    }

    /**
     * {@code ‖X‖² = Σ_g <Σ_{i∈g} L_iᵀL_i, R_gᵀR_g>_F = tr(G1)}, in double. Costs
     * {@code (nH·I2 + nG·I3)·w²} flops; {@link ModeGram#normSquared()} reuses products already formed.
     */
    public double normSquared() {
        double sum = 0;
        for (int g = 0; g < groups; g++) {
            DMatrixRMaj r = rightFactor(g);
            DMatrixRMaj rr = new DMatrixRMaj(width, width);
            CommonOps_DDRM.multTransA(r, r, rr);
            DMatrixRMaj ll = new DMatrixRMaj(width, width);
            for (int i = g * (heads / groups); i < (g + 1) * (heads / groups); i++) {
                DMatrixRMaj l = leftFactor(i);
                DMatrixRMaj li = new DMatrixRMaj(width, width);
                CommonOps_DDRM.multTransA(l, l, li);
                CommonOps_DDRM.addEquals(ll, li);
            }
            sum += CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(ll, rr, null));
        }
        return sum;
    }

    /** {@code L_all}; shared, not copied: callers in this package must not modify it. */
    DMatrixRMaj left() {
        return left;
    }

    /** {@code R_all}; shared, not copied: callers in this package must not modify it. */
    DMatrixRMaj right() {
        return right;
    }

    /** Tile edge of {@link #transposed}: a tile of both matrices stays in cache, a whole row of 4096 does not. */
    private static final int TILE = 64;

    /**
     * By tiles, each written row by contiguous row (5x faster at 4096² than writing down columns), bands of
     * output rows in parallel.
     */
    private static DMatrixRMaj transposed(Matrix m) {
        int rows = m.rows();
        int cols = m.cols();
        DMatrixRMaj t = new DMatrixRMaj(cols, rows);
        float[] v = m.data();
        IntStream.range(0, (cols + TILE - 1) / TILE).parallel().forEach(band -> {
            int c0 = band * TILE;
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int rowEnd = Math.min(rows, r0 + TILE);
                for (int c = c0; c < Math.min(cols, c0 + TILE); c++) {
                    int to = c * rows;
                    for (int r = r0; r < rowEnd; r++) {
                        t.data[to + r] = v[r * cols + c];
                    }
                }
            }
        });
        return t;
    }

    private static DMatrixRMaj plain(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        float[] v = m.data();
        for (int k = 0; k < v.length; k++) {
            d.data[k] = v[k];
        }
        return d;
    }

    @Override
    public String toString() {
        return "FactoredTensor " + heads + " x " + left.numRows + " x " + right.numRows + " " + modeNames
                + " (" + groups + " groups, width " + width + ")";
    }
}
