package org.tuckerattention.converter.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.adapters.Rope;
import org.tuckerattention.formats.tensor.Matrix;

/** The whitening of a second moment Σ: identity for Σ = I, safe for a rank-deficient Σ, and what it does to weights. */
class WhiteningTest {

    @Test
    void identityMomentIsTheIdentity() {
        int d = 12;
        Whitening w = Whitening.of(CommonOps_DDRM.identity(d).data, d);
        assertEquals(0, w.raised());
        assertTrue(maxAbs(minus(w.root(), CommonOps_DDRM.identity(d))) < 1e-14);
        double[] u = gaussian(new Random(3), d * 5);
        double[] back = w.restore(u, d, 5);
        for (int k = 0; k < u.length; k++) {
            assertEquals(u[k], back[k], 1e-14);
        }
    }

    @Test
    void rankDeficientMomentIsRaisedToTheFloorAndStaysInvertible() {
        int d = 16;
        int rank = 5;
        Random random = new Random(11);
        DMatrixRMaj b = DMatrixRMaj.wrap(d, rank, gaussian(random, d * rank));
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(b, b, sigma);
        Whitening w = Whitening.of(sigma.data, d);
        assertEquals(d - rank, w.raised());
        assertEquals(Whitening.RELATIVE_FLOOR * CommonOps_DDRM.trace(sigma) / d, w.floor(), 1e-18);
        // S² = Σ + floor · (projection on Σ's null space): Σ where the data is, the floor elsewhere.
        DMatrixRMaj s = w.root();
        DMatrixRMaj s2 = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(s, s, s2);
        DMatrixRMaj expected = sigma.copy();
        DMatrixRMaj range = new DMatrixRMaj(d, d);
        DMatrixRMaj pinv = new DMatrixRMaj(rank, rank);
        DMatrixRMaj btb = new DMatrixRMaj(rank, rank);
        CommonOps_DDRM.multTransA(b, b, btb);
        CommonOps_DDRM.invert(btb, pinv);
        DMatrixRMaj bp = new DMatrixRMaj(d, rank);
        CommonOps_DDRM.mult(b, pinv, bp);
        CommonOps_DDRM.multTransB(bp, b, range);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                expected.data[i * d + j] += w.floor() * ((i == j ? 1 : 0) - range.data[i * d + j]);
            }
        }
        assertTrue(maxAbs(minus(s2, expected)) < 1e-9 * maxAbs(sigma), "S² − (Σ + floor P⊥)");
        double[] u = gaussian(random, d * 3);
        DMatrixRMaj su = new DMatrixRMaj(d, 3);
        CommonOps_DDRM.mult(s, DMatrixRMaj.wrap(d, 3, u), su);
        double[] back = w.restore(su.data, d, 3);
        for (int k = 0; k < u.length; k++) {
            assertTrue(Double.isFinite(back[k]));
            assertEquals(u[k], back[k], 1e-8);
        }
    }

    @Test
    void weightsAreWeightedOnTheirInputMode() {
        int d = 8;
        AttentionGeometry g = AttentionGeometry.standard(1, d, 2, 1, 4, Rope.NONE, false, false);
        Random random = new Random(5);
        AttentionWeights w = new AttentionWeights(g, 0, matrix(random, 8, d), matrix(random, 4, d),
                matrix(random, 4, d), matrix(random, d, 8), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        DMatrixRMaj a = DMatrixRMaj.wrap(d, d, gaussian(random, d * d));
        CommonOps_DDRM.multTransB(a, a, sigma);
        Whitening wh = Whitening.of(sigma.data, d);
        AttentionWeights x = wh.apply(w);
        DMatrixRMaj s = wh.root();
        for (Matrix[] pair : new Matrix[][] {{w.wq(), x.wq()}, {w.wk(), x.wk()}, {w.wv(), x.wv()}}) {
            DMatrixRMaj expected = new DMatrixRMaj(pair[0].rows(), d);
            CommonOps_DDRM.mult(toDouble(pair[0]), s, expected);
            DMatrixRMaj got = toDouble(pair[1]);
            assertTrue(maxAbs(minus(got, expected)) < 1e-6 * maxAbs(expected));
        }
        assertEquals(w.wo(), x.wo());
    }

    private static Matrix matrix(Random random, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) random.nextGaussian();
        }
        return new Matrix(rows, cols, v);
    }

    private static DMatrixRMaj toDouble(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        for (int k = 0; k < m.data().length; k++) {
            d.data[k] = m.data()[k];
        }
        return d;
    }

    static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = random.nextGaussian();
        }
        return v;
    }

    private static DMatrixRMaj minus(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.subtract(a, b, c);
        return c;
    }

    private static double maxAbs(DMatrixRMaj m) {
        return CommonOps_DDRM.elementMaxAbs(m);
    }
}
