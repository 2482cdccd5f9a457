package org.tuckerattention.converter.calibration;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.tuckerattention.converter.tucker.SymmetricEigen;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * Activation-aware decomposition of one layer: with {@code S = Σ^{1/2}} for the second moment
 * {@code Σ = E[x xᵀ]} of the attention input, {@code ‖x Q_i‖² } on real inputs is {@code ‖S Q_i‖²} on
 * average, so the tensors are decomposed with their input modes weighted — {@code Q_i → S Q_i},
 * {@code K_g → S K_g}, {@code V_g → S V_g}, the output mode unweighted — and each input-mode factor
 * {@code U'} found for them is mapped back to {@code U = S⁻¹U'}. Every other tensor (cores, head
 * blocks, biases) is computed from the weighted weights and stays as it is: {@code x U · U'ᵀ S Q_i =
 * x S⁻¹ (U'U'ᵀ) S Q_i}, the projection on the kept subspace in the metric of the data.
 *
 * <p>Numerically safe: the eigenvalues of Σ are raised to at least {@link #RELATIVE_FLOOR} times their
 * mean ({@code tr Σ / d}), so a rank-deficient Σ (fewer tokens than dimensions, dead dimensions) still
 * gives an invertible S; directions the text never visits keep a small weight instead of none. With
 * {@code Σ = I} nothing is raised and S is the identity to rounding: the data-free decomposition.
 *
 * <p>The weighted weights are rounded to float like the originals: their relative error (~1e-7) is
 * an error in the metric of the data, so inputs like the calibration text see it unamplified.
 */
public final class Whitening {

    /** Eigenvalues of Σ below this fraction of their mean are raised to it. */
    public static final double RELATIVE_FLOOR = 1e-6;

    private final DMatrixRMaj root;
    private final DMatrixRMaj inverseRoot;
    private final double floor;
    private final int raised;

    private Whitening(DMatrixRMaj root, DMatrixRMaj inverseRoot, double floor, int raised) {
        this.root = root;
        this.inverseRoot = inverseRoot;
        this.floor = floor;
        this.raised = raised;
    }

    /** The whitening of a symmetric positive semidefinite {@code sigma} (d × d, row-major). */
    public static Whitening of(double[] sigma, int d) {
        if (sigma.length != (long) d * d) {
            throw new IllegalArgumentException(sigma.length + " values for a " + d + " x " + d + " matrix");
        }
        SymmetricEigen eig = SymmetricEigen.of(DMatrixRMaj.wrap(d, d, sigma.clone()));
        double trace = 0;
        for (int k = 0; k < d; k++) {
            trace += sigma[k * d + k];
        }
        if (!(trace > 0) || !Double.isFinite(trace)) {
            throw new IllegalArgumentException("the second moment has trace " + trace + ": no input was seen");
        }
        double floor = RELATIVE_FLOOR * trace / d;
        int raised = 0;
        double[] sqrt = new double[d];
        for (int k = 0; k < d; k++) {
            double lambda = eig.values()[k];
            if (lambda < floor) {
                lambda = floor;
                raised++;
            }
            sqrt[k] = Math.sqrt(lambda);
        }
        DMatrixRMaj v = eig.vectors();
        return new Whitening(scaled(v, sqrt, false), scaled(v, sqrt, true), floor, raised);
    }

    /** {@code V diag(s) Vᵀ}, or {@code V diag(1/s) Vᵀ}. */
    private static DMatrixRMaj scaled(DMatrixRMaj v, double[] s, boolean inverse) {
        int d = v.numRows;
        DMatrixRMaj vs = v.copy();
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                vs.data[i * d + k] *= inverse ? 1 / s[k] : s[k];
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(vs, v, out);
        return out;
    }

    /** The layer's weights with query, key and value input modes weighted: {@code wq S}, {@code wk S}, {@code wv S}. */
    public AttentionWeights apply(AttentionWeights w) {
        if (w.geometry().mla().isPresent()) {
            throw new IllegalArgumentException("MLA attention reads latents, not the attention input");
        }
        return new AttentionWeights(w.geometry(), w.layer(), weigh(w.wq()), weigh(w.wk()), weigh(w.wv()), w.wo(),
                w.bq(), w.bk(), w.bv(), w.bo(), w.mla());
    }

    /** {@code m S} for a weight {@code m} (rows × d) that reads this input, in double, rounded once to float. */
    public Matrix weigh(Matrix m) {
        return times(m, root);
    }

    /** {@code m S⁻¹}: undoes {@link #weigh}. */
    public Matrix unweigh(Matrix m) {
        return times(m, inverseRoot);
    }

    private static Matrix times(Matrix m, DMatrixRMaj right) {
        int d = right.numRows;
        float[] in = m.data();
        float[] out = new float[in.length];
        double[] row = new double[d];
        for (int r = 0; r < m.rows(); r++) {
            java.util.Arrays.fill(row, 0);
            for (int k = 0; k < d; k++) {
                double a = in[r * d + k];
                if (a != 0) {
                    for (int c = 0; c < d; c++) {
                        row[c] += a * right.data[k * d + c];
                    }
                }
            }
            for (int c = 0; c < d; c++) {
                out[r * d + c] = (float) row[c];
            }
        }
        return new Matrix(m.rows(), d, out);
    }

    /** {@code S⁻¹U'} for a factor {@code u} (d × r, row-major) found for the weighted tensor. */
    public double[] restore(double[] u, int rows, int cols) {
        if (rows != root.numRows || u.length != (long) rows * cols) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " factor for width " + root.numRows);
        }
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        CommonOps_DDRM.mult(inverseRoot, DMatrixRMaj.wrap(rows, cols, u), out);
        return out.data;
    }

    /** {@code S}, a copy. */
    public DMatrixRMaj root() {
        return root.copy();
    }

    /** The eigenvalue floor of Σ: {@link #RELATIVE_FLOOR} · tr Σ / d. */
    public double floor() {
        return floor;
    }

    /** How many eigenvalues of Σ were raised to the floor. */
    public int raised() {
        return raised;
    }
}
