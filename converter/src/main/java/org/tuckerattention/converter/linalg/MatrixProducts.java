package org.tuckerattention.converter.linalg;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Dense matrix products with double results, where the heavy flops of the Tucker engine go (Gram
 * matrices, projections, block-structured products). One seam so a fast native backend can replace EJML's
 * Java kernels; a {@link Precision#SINGLE} request lets it compute in float32. Inputs are not modified.
 */
public interface MatrixProducts {

    /** {@code op(a) · op(b)}, where {@code op} transposes when its flag is set. */
    DMatrixRMaj multiply(DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB);

    /** {@code a · b}. */
    default DMatrixRMaj multiply(DMatrixRMaj a, DMatrixRMaj b) {
        return multiply(a, false, b, false);
    }

    /**
     * {@code a} held by the backend for several products with the same big operand, so it is copied
     * in once rather than on every call. The caller closes it; {@code a} must not change meanwhile.
     */
    default Resident resident(DMatrixRMaj a) {
        return new Resident(a, null, () -> { });
    }

    /**
     * {@link #resident(DMatrixRMaj)} for a matrix of {@code blockWidth}-column blocks, which block-structured
     * products ({@link #congruence}, {@link #mixedBlocks}) read block by block.
     */
    default Resident resident(DMatrixRMaj a, int blockWidth) {
        return resident(a);
    }

    /** {@code op(a) · op(b)} for an operand made resident by this backend. */
    default DMatrixRMaj multiply(Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        return multiply(a.matrix(), transposeA, b, transposeB);
    }

    /** {@code aᵀa}; backends may form only one triangle of the symmetric result and mirror it. */
    default DMatrixRMaj gram(DMatrixRMaj a) {
        return multiply(a, true, a, false);
    }

    /** {@code op(a) · op(b)} at the precision asked for; a backend without a faster single precision computes in double. */
    default DMatrixRMaj multiply(
            DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB, Precision precision) {
        return multiply(a, transposeA, b, transposeB);
    }

    /** {@code op(a) · op(b)} for a resident {@code a}, at the precision asked for. */
    default DMatrixRMaj multiply(
            Resident a, boolean transposeA, DMatrixRMaj b, boolean transposeB, Precision precision) {
        return multiply(a, transposeA, b, transposeB);
    }

    /**
     * The diagonal w × w blocks {@code a_bᵀa_b} of {@code aᵀa}, for the column blocks {@code a_b} of width
     * {@code width} (the columns must be a multiple of it), in double.
     */
    default List<DMatrixRMaj> blockGrams(DMatrixRMaj a, int width) {
        List<DMatrixRMaj> blocks = new ArrayList<>();
        for (int b = 0; b < BlockProducts.count(a.numCols, width); b++) {
            DMatrixRMaj column = CommonOps_DDRM.extract(a, 0, a.numRows, b * width, (b + 1) * width);
            blocks.add(multiply(column, true, column, false));
        }
        return blocks;
    }

    /** {@code blockdiag(blocks) · m} for square w × w blocks and m of blocks·w rows; m is not modified. */
    default DMatrixRMaj blockDiagonalTimes(List<DMatrixRMaj> blocks, DMatrixRMaj m, Precision precision) {
        return BlockProducts.blockDiagonalTimes(blocks, m);
    }

    /**
     * {@code f · blockdiag(blocks) · fᵀ · omega}, with {@code f} (n × nB·w) and nB square w × w blocks: the
     * product of an implicit Gram with a block (n × k). Nothing is modified.
     */
    default DMatrixRMaj congruence(Resident f, List<DMatrixRMaj> blocks, DMatrixRMaj omega, Precision precision) {
        DMatrixRMaj inner = multiply(f, true, omega, false, precision);
        return multiply(f, false, blockDiagonalTimes(blocks, inner, precision), false, precision);
    }

    /**
     * {@code [Σ_i mix[i,a] · f_b(i) · s_i]_a} side by side (n × r1·r): {@code f} (n × nB·w) in column blocks
     * {@code f_b}, head i reading block {@code b(i) = i / headsPerBlock}, {@code s_i} the i-th w-row block of
     * {@code small} (nH·w × r), {@code mix} nH × r1. Column {@code a·r + c} of the result belongs to a.
     */
    default DMatrixRMaj mixedBlockProducts(
            Resident f, int headsPerBlock, DMatrixRMaj small, DMatrixRMaj mix, Precision precision) {
        try (Resident result = mixedBlocks(f, headsPerBlock, small, mix, precision)) {
            return result.matrix();
        }
    }

    /**
     * {@link #mixedBlockProducts} left in the backend, for products that go on using it (HOOI's Y and Z):
     * a native backend then never copies it out. The caller closes it.
     */
    default Resident mixedBlocks(
            Resident f, int headsPerBlock, DMatrixRMaj small, DMatrixRMaj mix, Precision precision) {
        return new Resident(BlockProducts.mixedBlockProducts(this, f.matrix(), headsPerBlock, small, mix, precision),
                null, () -> { });
    }

    /** {@code aᵀa} for a resident {@code a}, at the precision asked for. */
    default DMatrixRMaj transposedGram(Resident a, Precision precision) {
        return multiply(a, true, a.matrix(), false, precision);
    }

    /**
     * Row i holds the row-major {@code a_iᵀ b_i} (r × s) for the i-th w-row blocks of {@code a} (nB·w × r)
     * and {@code b} (nB·w × s), in double.
     */
    default DMatrixRMaj blockTransposedProducts(DMatrixRMaj a, DMatrixRMaj b, int width) {
        int blocks = BlockProducts.count(a.numRows, width);
        DMatrixRMaj out = new DMatrixRMaj(blocks, a.numCols * b.numCols);
        for (int i = 0; i < blocks; i++) {
            DMatrixRMaj ai = CommonOps_DDRM.extract(a, i * width, (i + 1) * width, 0, a.numCols);
            DMatrixRMaj bi = CommonOps_DDRM.extract(b, i * width, (i + 1) * width, 0, b.numCols);
            DMatrixRMaj p = multiply(ai, true, bi, false);
            System.arraycopy(p.data, 0, out.data, i * out.numCols, out.numCols);
        }
        return out;
    }

    /**
     * Row block i (w rows) of the result is {@code a_i · e_i}: {@code a_i} the i-th w-row block of {@code a}
     * (nB·w × r), {@code e_i} row i of {@code e} (nB × r·k) read as a row-major r × k matrix; in double.
     */
    default DMatrixRMaj blockTimes(DMatrixRMaj a, DMatrixRMaj e, int width) {
        return BlockProducts.blockTimes(this, a, e, width);
    }

    /**
     * {@code S·(mix ⊗ I)·Sᵀ·h} for {@code S = blockdiag(s_i)}, {@code s_i} the i-th w-row block of {@code inner}
     * (nH·w × r) and {@code mix} nH × nH, where head i reads and writes row block {@code b(i) = i / headsPerBlock}
     * of {@code h} (nB·w × k) and of the result: row block b is {@code Σ_{i: b(i) = b} s_i Σ_j mix[i,j] s_jᵀ h_b(j)}.
     * The middle of HOOI's projected Gram (DESIGN §4.2); {@code h} is not modified.
     */
    default DMatrixRMaj mixedCongruence(
            DMatrixRMaj inner, DMatrixRMaj mix, DMatrixRMaj h, int width, int headsPerBlock, Precision precision) {
        DMatrixRMaj perHead = BlockProducts.repeatBlocks(h, width, headsPerBlock);
        DMatrixRMaj mixed = multiply(mix, blockTransposedProducts(inner, perHead, width));
        return BlockProducts.sumBlocks(blockTimes(inner, mixed, width), width, headsPerBlock);
    }

    /** A short name for reports, e.g. "ejml" or "libtorch". */
    String name();

    /** EJML's pure-Java kernels: always available, a few GFLOP/s. */
    static MatrixProducts ejml() {
        return EjmlProducts.INSTANCE;
    }

    /**
     * libtorch's float64 matmul when DJL's PyTorch engine loads here (5-10x EJML's speed on 4096-sized
     * products on 2 cores), otherwise {@link #ejml()}; chosen once per JVM and never throws (DESIGN §11).
     */
    static MatrixProducts best() {
        return BestProducts.PRODUCTS;
    }

    /** Why {@link #best()} chose its backend: engine and versions, or the loading failure. */
    static String bestReason() {
        return BestProducts.REASON;
    }
}
