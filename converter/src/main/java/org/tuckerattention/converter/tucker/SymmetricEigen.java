package org.tuckerattention.converter.tucker;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Full eigendecomposition of a symmetric matrix by EJML's symmetric QR algorithm, eigenpairs sorted by
 * descending eigenvalue (ties by EJML's order). Costs about {@code 9 n³} flops: fine up to n ≈ 1000,
 * beyond that {@link SubspaceIteration} finds the leading vectors without it.
 *
 * @param values all eigenvalues, descending
 * @param vectors the eigenvectors as orthonormal columns, in the same order, signs fixed
 */
public record SymmetricEigen(double[] values, DMatrixRMaj vectors) {

    /** Decomposes {@code (s + sᵀ) / 2}, so a computed Gram's rounding asymmetry is harmless; s is not modified. */
    public static SymmetricEigen of(DMatrixRMaj s) {
        int n = s.numRows;
        if (s.numCols != n) {
            throw new IllegalArgumentException("not square: " + s.numRows + " x " + s.numCols);
        }
        DMatrixRMaj sym = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sym.data[i * n + j] = 0.5 * (s.data[i * n + j] + s.data[j * n + i]);
            }
        }
        if (n == 0) {
            return new SymmetricEigen(new double[0], sym);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(sym)) {
            throw new ArithmeticException("symmetric eigendecomposition of a " + n + " x " + n + " matrix failed");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -eig.getEigenvalue(i).real));
        double[] values = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int c = 0; c < n; c++) {
            values[c] = eig.getEigenvalue(order[c]).real;
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            for (int i = 0; i < n; i++) {
                vectors.data[i * n + c] = v.data[i];
            }
        }
        return new SymmetricEigen(values, OrthonormalColumns.signFixed(vectors));
    }

    /** The leading {@code r} eigenvectors (n × r), signs fixed. */
    DMatrixRMaj leading(int r) {
        DMatrixRMaj u = new DMatrixRMaj(vectors.numRows, r);
        for (int i = 0; i < vectors.numRows; i++) {
            System.arraycopy(vectors.data, i * vectors.numCols, u.data, i * r, r);
        }
        return u;
    }
}
