package org.tuckerattention.converter.tucker;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The result of {@link Hosvd} or {@link Hooi}: {@code X ≈ C ×₁ U1 ×₂ U2 ×₃ U3} (DESIGN §4), immutable;
 * accessors return copies. Factors have orthonormal columns with the package's sign convention; the
 * core is stored as an {@code r1 × (r2·r3)} matrix whose row a is the row-major r2 × r3 slice
 * {@code C[a]} (see the package documentation).
 *
 * <p>The relative error comes from the norms: with orthonormal factors
 * {@code ‖X − X_r‖² = ‖X‖² − ‖C‖²} (DESIGN §4.2), both accumulated in double. The cancellation limits it
 * to about 1e-8 near zero error; compare a direct reconstruction to go below.
 */
public final class TuckerDecomposition {

    private final int[] dims;
    private final List<String> modeNames;
    private final DMatrixRMaj[] factors;
    private final DMatrixRMaj core;
    private final double normSquared;
    private final double coreNormSquared;
    private final double[] errorHistory;
    private final int iterations;
    private final boolean converged;

    /**
     * Validates shapes; the last entry of {@code errorHistory} must be this decomposition's own error.
     *
     * @param normSquared ‖X‖²
     * @param errorHistory relative errors, HOSVD first, then the best one after each HOOI sweep
     */
    TuckerDecomposition(int[] dims, List<String> modeNames, DMatrixRMaj u1, DMatrixRMaj u2, DMatrixRMaj u3,
            DMatrixRMaj core, double normSquared, double[] errorHistory, int iterations, boolean converged) {
        this.dims = dims.clone();
        this.modeNames = List.copyOf(modeNames);
        this.factors = new DMatrixRMaj[] {u1, u2, u3};
        for (int n = 0; n < 3; n++) {
            if (factors[n].numRows != dims[n] || factors[n].numCols < 1) {
                throw new IllegalArgumentException("factor " + (n + 1) + " is " + factors[n].numRows + " x "
                        + factors[n].numCols + " for dimension " + dims[n]);
            }
        }
        if (core.numRows != u1.numCols || core.numCols != u2.numCols * u3.numCols) {
            throw new IllegalArgumentException("core is " + core.numRows + " x " + core.numCols + " for ranks "
                    + u1.numCols + ", " + u2.numCols + ", " + u3.numCols);
        }
        this.core = core;
        this.normSquared = normSquared;
        this.coreNormSquared = squaredNorm(core);
        this.errorHistory = errorHistory.clone();
        double own = relativeError(coreNormSquared, normSquared);
        if (errorHistory.length == 0 || errorHistory[errorHistory.length - 1] != own) {
            throw new IllegalArgumentException("the error history must end with this decomposition's error");
        }
        this.iterations = iterations;
        this.converged = converged;
    }

    /** {@code sqrt(max(0, 1 − ‖C‖²/‖X‖²))}, 0 for a zero tensor. */
    static double relativeError(double coreNormSquared, double normSquared) {
        return normSquared == 0 ? 0 : Math.sqrt(Math.max(0, 1 - coreNormSquared / normSquared));
    }

    static double squaredNorm(DMatrixRMaj m) {
        double sum = 0;
        for (int k = 0; k < m.getNumElements(); k++) {
            sum += m.data[k] * m.data[k];
        }
        return sum;
    }

    /** (r1, r2, r3). */
    public int[] ranks() {
        return new int[] {factors[0].numCols, factors[1].numCols, factors[2].numCols};
    }

    /** (I1, I2, I3) of the decomposed tensor. */
    public int[] dims() {
        return dims.clone();
    }

    public List<String> modeNames() {
        return modeNames;
    }

    /** {@code U_n} (I_n × r_n), n = 1, 2, 3: orthonormal columns, largest-|·| entry of each positive. */
    public DMatrixRMaj factor(int mode) {
        if (mode < 1 || mode > 3) {
            throw new IllegalArgumentException("modes are 1, 2 and 3, got " + mode);
        }
        return factors[mode - 1].copy();
    }

    /** The core as {@code r1 × (r2·r3)}: row a is the row-major slice {@code C[a]}. */
    public DMatrixRMaj core() {
        return core.copy();
    }

    /** The slice {@code C[a]} (r2 × r3). */
    public DMatrixRMaj coreSlice(int a) {
        DMatrixRMaj s = new DMatrixRMaj(factors[1].numCols, factors[2].numCols);
        System.arraycopy(core.data, a * core.numCols, s.data, 0, core.numCols);
        return s;
    }

    /** ‖X‖². */
    public double normSquared() {
        return normSquared;
    }

    /** ‖C‖². */
    public double coreNormSquared() {
        return coreNormSquared;
    }

    /** {@code ‖X − C ×₁ U1 ×₂ U2 ×₃ U3‖ / ‖X‖ = sqrt(max(0, 1 − ‖C‖²/‖X‖²))}. */
    public double relativeError() {
        return relativeError(coreNormSquared, normSquared);
    }

    /** HOSVD's error first, then the best error after each HOOI sweep: non-increasing. */
    public double[] errorHistory() {
        return errorHistory.clone();
    }

    /** HOOI sweeps run (0 for HOSVD). */
    public int iterations() {
        return iterations;
    }

    /** False when HOOI stopped at its sweep limit while still improving by at least the tolerance. */
    public boolean converged() {
        return converged;
    }

    /** {@code r1 r2 r3 + Σ I_n r_n}: the dense storage of {@link CoreStorage#DENSE}. */
    public long parameterCount() {
        return parameterCount(dims, ranks());
    }

    /** {@code r1 r2 r3 + Σ I_n r_n} for a tensor of {@code dims} at ranks {@code r}. */
    public static long parameterCount(int[] dims, int[] r) {
        return (long) r[0] * r[1] * r[2] + (long) dims[0] * r[0] + (long) dims[1] * r[1] + (long) dims[2] * r[2];
    }

    /** {@code U_n} shared, not copied, for the package's algorithms. */
    DMatrixRMaj sharedFactor(int mode) {
        return factors[mode - 1];
    }

    @Override
    public String toString() {
        int[] r = ranks();
        return "TuckerDecomposition " + modeNames + " ranks [" + r[0] + "," + r[1] + "," + r[2] + "] error "
                + relativeError() + " after " + iterations + " sweeps";
    }
}
