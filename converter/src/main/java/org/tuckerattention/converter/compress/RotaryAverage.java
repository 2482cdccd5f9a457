package org.tuckerattention.converter.compress;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.formats.adapters.Rope;

/**
 * A head Gram {@code M} (w × w) averaged over the RoPE rotations {@code E[R M Rᵀ]} with the offset
 * weighting of DESIGN §5.1. ZERO keeps M (offset 0). UNIFORM takes every angle of every rotary pair
 * alike and independently: for a symmetric M each pair's 2×2 block becomes half its trace times I₂,
 * and entries between a rotating dimension and any other dimension vanish (E[R] = 0); dimensions that
 * do not rotate (partial rotary) keep their entries among themselves. The map is linear and
 * self-adjoint, so {@code E‖A R Cᵀ‖² = <AᵀA, avg(CᵀC)>}.
 */
final class RotaryAverage {

    private final int[] partner;

    private RotaryAverage(int[] partner) {
        this.partner = partner;
    }

    /** The averaging for heads of width {@code w}; the identity when there is no RoPE or weighting ZERO. */
    static RotaryAverage of(Rope rope, RopeWeighting weighting, int w) {
        int[] partner = new int[w];
        Arrays.fill(partner, -1);
        if (rope.present() && weighting == RopeWeighting.UNIFORM) {
            int half = rope.dims() / 2;
            for (int j = 0; j < half; j++) {
                int p = rope.layout() == Rope.Layout.ROTATE_HALF ? j : 2 * j;
                int q = rope.layout() == Rope.Layout.ROTATE_HALF ? j + half : 2 * j + 1;
                partner[p] = q;
                partner[q] = p;
            }
        }
        return new RotaryAverage(partner);
    }

    /** {@code E[R M Rᵀ]} for a symmetric {@code m}; a new matrix. */
    DMatrixRMaj apply(DMatrixRMaj m) {
        int w = partner.length;
        DMatrixRMaj out = new DMatrixRMaj(w, w);
        for (int a = 0; a < w; a++) {
            for (int b = 0; b < w; b++) {
                if (partner[a] < 0 && partner[b] < 0) {
                    out.data[a * w + b] = m.data[a * w + b];
                } else if (a == b) {
                    out.data[a * w + b] = 0.5 * (m.data[a * w + a] + m.data[partner[a] * w + partner[a]]);
                }
            }
        }
        return out;
    }
}
