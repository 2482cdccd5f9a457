package org.tuckerattention.converter.compress;

import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.formats.adapters.Rope;

/**
 * The {@code attention} offset weighting of DESIGN §5.1 for one query head: a head Gram {@code M}
 * (w × w) averaged as {@code Σ_δ p(δ) R(δ) M R(δ)ᵀ}, {@code p(δ)} the original model's mean attention
 * weight at distance δ (query position − key position), {@code R(δ)} the rotation between a query and
 * a key δ before it: the logit is {@code q R(δ) kᵀ} for unrotated head rows q, k, and pair j
 * {@code (a, b)} turns by {@code φ = −δ·invFreq[j]} ({@code R[a][a] = R[b][b] = cos φ},
 * {@code R[a][b] = −sin φ}, {@code R[b][a] = sin φ}, the rotation HF's rotate-half and llama2.c's
 * complex product both apply). {@link #adjoint} averages {@code R(δ)ᵀ M R(δ)}: the key side's weighting,
 * since {@code <A, avg(B)> = <adjoint(A), B>}.
 */
final class OffsetAverage {

    private final int[] partner;
    private final boolean[] first;
    private final double[] frequency;
    private final double[] mass;
    private final boolean transposed;

    private OffsetAverage(int[] partner, boolean[] first, double[] frequency, double[] mass, boolean transposed) {
        this.partner = partner;
        this.first = first;
        this.frequency = frequency;
        this.mass = mass;
        this.transposed = transposed;
    }

    /** The query side's average for heads of width {@code w} and attention mass {@code mass[δ]}. */
    static OffsetAverage of(Rope rope, int w, double[] mass) {
        int[] partner = new int[w];
        boolean[] first = new boolean[w];
        double[] frequency = new double[w];
        java.util.Arrays.fill(partner, -1);
        int half = rope.dims() / 2;
        for (int j = 0; j < half; j++) {
            int a = rope.layout() == Rope.Layout.ROTATE_HALF ? j : 2 * j;
            int b = rope.layout() == Rope.Layout.ROTATE_HALF ? j + half : 2 * j + 1;
            double f = Math.pow(rope.theta(), -2.0 * j / rope.dims());
            partner[a] = b;
            partner[b] = a;
            first[a] = true;
            frequency[a] = f;
            frequency[b] = f;
        }
        return new OffsetAverage(partner, first, frequency, mass.clone(), false);
    }

    /** The key side's average: {@code Σ_δ p(δ) R(δ)ᵀ M R(δ)}. */
    OffsetAverage adjoint() {
        return new OffsetAverage(partner, first, frequency, mass, !transposed);
    }

    /** The average of {@code m}; a new matrix. */
    DMatrixRMaj apply(DMatrixRMaj m) {
        int w = partner.length;
        DMatrixRMaj out = new DMatrixRMaj(w, w);
        double[] c = new double[w];
        double[] t = new double[w];
        double[] rm = new double[w * w];
        for (int delta = 0; delta < mass.length; delta++) {
            double p = mass[delta];
            if (p == 0) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                if (partner[x] < 0) {
                    c[x] = 1;
                    t[x] = 0;
                } else {
                    double phi = -delta * frequency[x];
                    double sin = Math.sin(phi);
                    c[x] = Math.cos(phi);
                    // Row x of R: R[x][x] = cos, R[x][partner] = −sin for the pair's first row, +sin for its second;
                    // Rᵀ flips the sign.
                    t[x] = (first[x] ? -sin : sin) * (transposed ? -1 : 1);
                }
            }
            for (int x = 0; x < w; x++) {
                for (int v = 0; v < w; v++) {
                    double r = c[x] * m.data[x * w + v];
                    rm[x * w + v] = partner[x] < 0 ? r : r + t[x] * m.data[partner[x] * w + v];
                }
            }
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < w; y++) {
                    double r = c[y] * rm[x * w + y];
                    if (partner[y] >= 0) {
                        r += t[y] * rm[x * w + partner[y]];
                    }
                    out.data[x * w + y] += p * r;
                }
            }
        }
        return out;
    }
}
