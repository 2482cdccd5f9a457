package org.tuckerattention.converter.tucker;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.tuckerattention.converter.linalg.MatrixProducts;

/**
 * Orthonormal column sets, the form every Tucker factor takes: Gram–Schmidt with completion, Cholesky QR
 * for tall blocks, and the sign convention of the package (largest-|·| entry of each column positive, the
 * first on ties).
 */
final class OrthonormalColumns {

    /** A column whose remainder after projection falls below this fraction of its norm is dependent. */
    private static final double DEPENDENT = 1e-10;

    /**
     * Cholesky QR's limit: below this ratio of the smallest to the largest pivot (≈ 1/cond) the first pass
     * can lose too much orthogonality for the second one to restore (Yamamoto et al. 2015: cond ≲ 1e8).
     */
    private static final double CHOLESKY_PIVOT_RATIO = 1e-6;

    /**
     * Orthonormalises the columns of {@code m} in order (modified Gram–Schmidt, twice for accuracy), so
     * column j spans the same leading space as before. Columns that are zero or dependent on earlier
     * ones are replaced by the first unit vectors not yet spanned, so the result always has
     * orthonormal columns. {@code m} is not modified.
     */
    static DMatrixRMaj orthonormalized(DMatrixRMaj m) {
        int n = m.numRows;
        int k = m.numCols;
        if (k > n) {
            throw new IllegalArgumentException(k + " orthonormal columns do not fit in dimension " + n);
        }
        double[][] cols = new double[k][];
        int nextUnit = 0;
        for (int j = 0; j < k; j++) {
            double[] v = column(m, j);
            double before = norm(v);
            if (before > 0 && projectOut(v, cols, j) > DEPENDENT * before) {
                cols[j] = normalised(v);
                continue;
            }
            // Completion: unit vectors, orthogonalised; one of any n - j remaining ones is independent.
            while (cols[j] == null) {
                double[] e = new double[n];
                e[nextUnit++] = 1;
                if (projectOut(e, cols, j) > 0.5) {
                    cols[j] = normalised(e);
                }
            }
        }
        DMatrixRMaj q = new DMatrixRMaj(n, k);
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                q.data[i * k + j] = cols[j][i];
            }
        }
        return q;
    }

    /**
     * Q of {@code m = QR} (R upper triangular, so column j spans what the first j columns of {@code m} do)
     * by Cholesky QR twice (CholeskyQR2: {@code R = chol(mᵀm)}, {@code Q = m R⁻¹}, repeated once on Q),
     * whose two products per pass go to {@code products} in double; orthonormal to rounding for blocks
     * with condition number below about 1e6. Null for worse conditioned or dependent columns, where the
     * caller needs a Householder QR or {@link #orthonormalized}. {@code m} is not modified.
     */
    static DMatrixRMaj choleskyQr(DMatrixRMaj m, MatrixProducts products) {
        return choleskyQr(m, products, 2);
    }

    /**
     * {@link #choleskyQr} with one pass when {@code passes} is 1: a well-conditioned basis of the same
     * nested spans, orthonormal only to about {@code 1e-16·cond(m)²}, enough to steer a power iteration.
     */
    static DMatrixRMaj choleskyQr(DMatrixRMaj m, MatrixProducts products, int passes) {
        DMatrixRMaj q = m;
        for (int pass = 0; pass < passes; pass++) {
            DMatrixRMaj gram = products.multiply(q, true, q, false);
            CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(gram.numRows, true);
            if (!cholesky.decompose(gram)) {
                return null;
            }
            // Lower L with L Lᵀ = qᵀq, so R = Lᵀ and Q = q (L⁻¹)ᵀ: a triangular inverse, a third of LU's flops.
            DMatrixRMaj r = cholesky.getT(null);
            double smallest = Double.POSITIVE_INFINITY;
            double largest = 0;
            for (int j = 0; j < r.numRows; j++) {
                smallest = Math.min(smallest, Math.abs(r.get(j, j)));
                largest = Math.max(largest, Math.abs(r.get(j, j)));
            }
            if (!(smallest > CHOLESKY_PIVOT_RATIO * largest)) {
                return null;
            }
            q = products.multiply(q, false, lowerInverse(r), true);
        }
        return q;
    }

    /**
     * The inverse of a lower triangular matrix with a nonzero diagonal, by forward substitution row by row:
     * row i of the inverse is {@code (e_i - Σ_{k<i} l[i,k]·row k) / l[i,i]}, so every inner loop runs along a
     * row. EJML's {@code TriangularSolver_DDRM.invertLower} walks down columns and took a sixth of HOOI's Java
     * time at k = 266. {@code l} is not modified.
     */
    static DMatrixRMaj lowerInverse(DMatrixRMaj l) {
        int m = l.numRows;
        double[] x = new double[m * m];
        double[] row = new double[m];
        for (int i = 0; i < m; i++) {
            Arrays.fill(row, 0, i + 1, 0);
            for (int k = 0; k < i; k++) {
                double a = l.data[i * m + k];
                int xk = k * m;
                for (int j = 0; j <= k; j++) {
                    row[j] += a * x[xk + j];
                }
            }
            double inverse = 1 / l.data[i * m + i];
            for (int j = 0; j < i; j++) {
                x[i * m + j] = -row[j] * inverse;
            }
            x[i * m + i] = inverse;
        }
        return DMatrixRMaj.wrap(m, m, x);
    }

    /** Flips columns of {@code u} in place so each one's largest-|·| entry is positive; returns {@code u}. */
    static DMatrixRMaj signFixed(DMatrixRMaj u) {
        int n = u.numRows;
        int k = u.numCols;
        if (n == 0) {
            return u;
        }
        // Row by row, as the data lies: walking down a column of a 4096 x 266 block misses the cache on every entry.
        double[] largest = new double[k];
        boolean[] negative = new boolean[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double v = u.data[i * k + j];
                if (Math.abs(v) > largest[j] || i == 0) {
                    largest[j] = Math.abs(v);
                    negative[j] = v < 0;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                if (negative[j]) {
                    u.data[i * k + j] = -u.data[i * k + j];
                }
            }
        }
        return u;
    }

    /** Removes the components along {@code basis[0..count)} twice; returns the remaining norm. */
    private static double projectOut(double[] v, double[][] basis, int count) {
        for (int pass = 0; pass < 2; pass++) {
            for (int b = 0; b < count; b++) {
                double dot = 0;
                for (int i = 0; i < v.length; i++) {
                    dot += basis[b][i] * v[i];
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] -= dot * basis[b][i];
                }
            }
        }
        return norm(v);
    }

    private static double[] column(DMatrixRMaj m, int j) {
        double[] v = new double[m.numRows];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.data[i * m.numCols + j];
        }
        return v;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double[] normalised(double[] v) {
        double s = norm(v);
        for (int i = 0; i < v.length; i++) {
            v[i] /= s;
        }
        return v;
    }

    private OrthonormalColumns() {}
}
