package org.tuckerattention.converter.tucker;

/**
 * The two ways to store the core of one attention tensor (DESIGN §5.2), by their parameter counts, so
 * an allocator can choose per layer and side.
 *
 * <p>{@link #HEAD_FACTORED} keeps head i's slice as {@code B_i = A_i C_g(i)ᵀ} with
 * {@code A_i = U2ᵀL_i} (r2 × w) and {@code C_g = U3ᵀR_g} (r3 × w): the head mode is left untouched, so
 * its error at ranks (r2, r3) equals the Tucker error at {@code (nH, r2, r3)}, and at full ranks it is
 * exact with no more parameters than the original factors.
 */
public enum CoreStorage {

    /** {@code r1 r2 r3 + nH r1 + I2 r2 + I3 r3}: a dense core with a head factor (head mode compressible). */
    DENSE,

    /** {@code nH·w·r2 + nG·w·r3 + I2 r2 + I3 r3}: per-head blocks of inner width w; r1 is ignored (nH). */
    HEAD_FACTORED;

    /**
     * Parameters of this storage for a tensor of dimensions {@code (nH, I2, I3)} with {@code groups} right
     * factors of inner width {@code width}, at {@code ranks}.
     */
    public long parameterCount(int[] dims, int groups, int width, int[] ranks) {
        long factors = (long) dims[1] * ranks[1] + (long) dims[2] * ranks[2];
        return switch (this) {
            case DENSE -> (long) ranks[0] * ranks[1] * ranks[2] + (long) dims[0] * ranks[0] + factors;
            case HEAD_FACTORED -> (long) dims[0] * width * ranks[1] + (long) groups * width * ranks[2] + factors;
        };
    }

    /** {@link #parameterCount(int[], int, int, int[])} for the shape of {@code x}. */
    public long parameterCount(FactoredTensor x, int[] ranks) {
        return parameterCount(x.dims(), x.groups(), x.width(), ranks);
    }
}
