package org.tuckerattention.converter.tucker;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.tuckerattention.converter.linalg.MatrixProducts;

/**
 * Leading eigenvectors of a symmetric positive semi-definite n × n operator known only through its
 * products {@code G·Ω} (randomized subspace iteration, Halko, Martinsson &amp; Tropp 2011, Alg. 4.4 with
 * Rayleigh–Ritz; DESIGN §4.1). With {@code k = r + 10} columns it costs {@code POWER_ITERATIONS + 2}
 * operator applications, QRs of n × k and one k × k eigendecomposition, instead of the {@code 9 n³}
 * flops of a full one. The operator is applied to a Gram, so each application already squares the
 * singular values of the unfolding; two more power iterations give a gap factor of (σ_{k+1}/σ_r)⁶.
 * The operator may compute in single precision: the bases are orthonormalised, the Ritz vectors
 * rotated and the result returned in double, so they are orthonormal to rounding whatever it does.
 */
final class SubspaceIteration {

    /** Extra columns beyond the rank asked for: what makes the range finder reliable. */
    static final int OVERSAMPLING = 10;

    /** Power iterations after the first application, each followed by re-orthonormalisation. */
    static final int POWER_ITERATIONS = 2;

    /**
     * The leading {@code r} eigenvectors (n × r, orthonormal, signs fixed) of the operator.
     *
     * @param gram applies the operator to an n × k block; must not modify its argument
     * @param start n × s columns to start from (s ≤ r + 10), e.g. a previous estimate, or null; the rest is
     *     Gaussian
     * @param random source of the Gaussian start, seeded by the caller for reproducibility
     */
    static DMatrixRMaj leading(
            SymmetricOperator gram, int n, int r, DMatrixRMaj start, Random random,
            MatrixProducts products) {
        return leading(gram, n, r, start, random, products, POWER_ITERATIONS);
    }

    /** {@link #leading} with {@code powerIterations} in place of {@value #POWER_ITERATIONS}, for cheap operators. */
    static DMatrixRMaj leading(SymmetricOperator gram, int n, int r, DMatrixRMaj start, Random random,
            MatrixProducts products, int powerIterations) {
        int k = Math.min(n, r + OVERSAMPLING);
        DMatrixRMaj omega = new DMatrixRMaj(n, k);
        int given = start == null ? 0 : Math.min(start.numCols, k);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                omega.data[i * k + j] = j < given ? start.data[i * start.numCols + j] : random.nextGaussian();
            }
        }
        // Bases inside the iteration need only be well conditioned; the last one, for Rayleigh–Ritz, orthonormal.
        DMatrixRMaj q = orthonormalBasis(gram.apply(omega), products, powerIterations == 0);
        for (int it = 0; it < powerIterations; it++) {
            q = orthonormalBasis(gram.apply(q), products, it == powerIterations - 1);
        }
        // Rayleigh–Ritz: the small projected matrix holds the leading eigenpairs within span(q).
        DMatrixRMaj projected = gram.rayleigh(q, products);
        DMatrixRMaj u = products.multiply(q, SymmetricEigen.of(projected).leading(r));
        return OrthonormalColumns.signFixed(u);
    }

    /**
     * Columns spanning those of {@code y}: by Cholesky QR where it is accurate (twice for the {@code last},
     * orthonormal to rounding; once otherwise), else (ill-conditioned columns) a thin Householder QR, several
     * times slower at these shapes, or, where a column is exactly dependent and Householder stops, Gram–Schmidt
     * with completion.
     */
    private static DMatrixRMaj orthonormalBasis(DMatrixRMaj y, MatrixProducts products, boolean last) {
        DMatrixRMaj q = OrthonormalColumns.choleskyQr(y, products, last ? 2 : 1);
        if (q != null) {
            return q;
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(y.numRows, y.numCols);
        return qr.decompose(y.copy()) ? qr.getQ(null, true) : OrthonormalColumns.orthonormalized(y);
    }

    private SubspaceIteration() {}
}
