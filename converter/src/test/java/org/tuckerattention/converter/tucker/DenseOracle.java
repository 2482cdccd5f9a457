package org.tuckerattention.converter.tucker;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The tensor X materialised (tests only) as {@code x[i][p][q]}, with the textbook definitions the
 * engine must agree with: unfolding Grams, projection onto factors, reconstruction, residual.
 */
final class DenseOracle {

    final int n1;
    final int n2;
    final int n3;
    final double[][][] x;

    DenseOracle(FactoredTensor t) {
        int[] d = t.dims();
        n1 = d[0];
        n2 = d[1];
        n3 = d[2];
        x = new double[n1][][];
        for (int i = 0; i < n1; i++) {
            DMatrixRMaj slice = new DMatrixRMaj(n2, n3);
            CommonOps_DDRM.multTransB(t.leftFactor(i), t.rightFactor(t.group(i)), slice);
            x[i] = new double[n2][n3];
            for (int p = 0; p < n2; p++) {
                for (int q = 0; q < n3; q++) {
                    x[i][p][q] = slice.get(p, q);
                }
            }
        }
    }

    double get(int[] index) {
        return x[index[0]][index[1]][index[2]];
    }

    /** {@code X_(n) X_(n)ᵀ} summed entry by entry over the other two indices. */
    DMatrixRMaj gram(int mode) {
        int size = new int[] {n1, n2, n3}[mode - 1];
        DMatrixRMaj g = new DMatrixRMaj(size, size);
        for (int i = 0; i < n1; i++) {
            for (int p = 0; p < n2; p++) {
                for (int q = 0; q < n3; q++) {
                    int[] a = {i, p, q};
                    for (int other = 0; other < size; other++) {
                        int[] b = a.clone();
                        b[mode - 1] = other;
                        g.data[a[mode - 1] * size + other] += get(a) * get(b);
                    }
                }
            }
        }
        return g;
    }

    double normSquared() {
        double s = 0;
        for (double[][] slice : x) {
            for (double[] row : slice) {
                for (double v : row) {
                    s += v * v;
                }
            }
        }
        return s;
    }

    /** {@code C = X ×₁ U1ᵀ ×₂ U2ᵀ ×₃ U3ᵀ}, stored r1 × (r2·r3) like the engine's core. */
    DMatrixRMaj project(DMatrixRMaj u1, DMatrixRMaj u2, DMatrixRMaj u3) {
        int r1 = u1.numCols;
        int r2 = u2.numCols;
        int r3 = u3.numCols;
        DMatrixRMaj c = new DMatrixRMaj(r1, r2 * r3);
        for (int a = 0; a < r1; a++) {
            for (int b = 0; b < r2; b++) {
                for (int e = 0; e < r3; e++) {
                    double s = 0;
                    for (int i = 0; i < n1; i++) {
                        for (int p = 0; p < n2; p++) {
                            for (int q = 0; q < n3; q++) {
                                s += u1.get(i, a) * u2.get(p, b) * u3.get(q, e) * x[i][p][q];
                            }
                        }
                    }
                    c.set(a, b * r3 + e, s);
                }
            }
        }
        return c;
    }

    /** {@code ‖X − C ×₁ U1 ×₂ U2 ×₃ U3‖ / ‖X‖} by direct reconstruction. */
    double relativeResidual(TuckerDecomposition t) {
        DMatrixRMaj u1 = t.factor(1);
        DMatrixRMaj u2 = t.factor(2);
        DMatrixRMaj u3 = t.factor(3);
        int[] r = t.ranks();
        double residual = 0;
        for (int i = 0; i < n1; i++) {
            // Slice i of the reconstruction: U2 (Σ_a U1[i,a] C[a]) U3ᵀ.
            DMatrixRMaj mixed = new DMatrixRMaj(r[1], r[2]);
            for (int a = 0; a < r[0]; a++) {
                CommonOps_DDRM.addEquals(mixed, u1.get(i, a), t.coreSlice(a));
            }
            DMatrixRMaj left = new DMatrixRMaj(n2, r[2]);
            CommonOps_DDRM.mult(u2, mixed, left);
            DMatrixRMaj slice = new DMatrixRMaj(n2, n3);
            CommonOps_DDRM.multTransB(left, u3, slice);
            for (int p = 0; p < n2; p++) {
                for (int q = 0; q < n3; q++) {
                    double d = x[i][p][q] - slice.get(p, q);
                    residual += d * d;
                }
            }
        }
        return Math.sqrt(residual / normSquared());
    }
}
