package org.tuckerattention.converter.baselines;

import java.util.List;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * Chooses one truncation rank per kind of matrix (the same in every layer) within a parameter budget:
 * start every matrix at rank one, then repeatedly raise the rank that removes the most relative squared
 * error per parameter spent (singular values decrease, so each step's gain does too), while it fits.
 * A matrix whose factors would cost more than itself is stored dense, so enough budget always reaches
 * every matrix whole: a full budget gives back the original weights.
 */
final class RankPlan {

    /**
     * One kind of matrix, e.g. W_Q, with its decomposition in every layer.
     *
     * @param layers the SVD of the matrix in layer 0, 1, ...
     */
    record Kind(String name, int rows, int cols, List<LowRank> layers) {

        /** The SVDs of {@code matrices}, one per layer in layer order, all of one shape. */
        static Kind of(String name, List<Matrix> matrices) {
            Matrix first = matrices.get(0);
            return new Kind(name, first.rows(), first.cols(), matrices.stream().map(LowRank::of).toList());
        }

        /** Layer {@code layer}'s matrix at rank {@code r}: the original itself once r is its full rank. */
        Matrix truncated(Matrix original, int layer, int r) {
            return r >= fullRank() ? original : layers.get(layer).truncated(r);
        }

        int fullRank() {
            return Math.min(rows, cols);
        }

        long cost(int r) {
            return LowRank.storedParameters(rows, cols, r);
        }

        /** Relative squared error removed, summed over layers, by going from rank r to r + 1. */
        double gain(int r) {
            double g = 0;
            for (LowRank l : layers) {
                double[] e = l.energies();
                double total = 0;
                for (double v : e) {
                    total += v;
                }
                g += total == 0 || r >= e.length ? 0 : e[r] / total;
            }
            return g;
        }
    }

    /**
     * Ranks for {@code kinds} whose stored parameters per layer total at most {@code budget}.
     *
     * @throws RankException when even rank one everywhere does not fit
     */
    static int[] allocate(List<Kind> kinds, long budget) {
        int[] ranks = new int[kinds.size()];
        long spent = 0;
        for (int k = 0; k < ranks.length; k++) {
            ranks[k] = 1;
            spent += kinds.get(k).cost(1);
        }
        if (spent > budget) {
            throw new RankException("a budget of " + budget + " parameters per layer is below rank one of every"
                    + " matrix (" + spent + ")");
        }
        while (true) {
            int best = -1;
            double bestRate = -1;
            for (int k = 0; k < ranks.length; k++) {
                Kind kind = kinds.get(k);
                if (ranks[k] >= kind.fullRank()) {
                    continue;
                }
                long extra = kind.cost(ranks[k] + 1) - kind.cost(ranks[k]);
                if (spent + extra > budget) {
                    continue;
                }
                double rate = extra == 0 ? Double.POSITIVE_INFINITY : kind.gain(ranks[k]) / extra;
                if (rate > bestRate) {
                    best = k;
                    bestRate = rate;
                }
            }
            if (best < 0) {
                return ranks;
            }
            Kind kind = kinds.get(best);
            spent += kind.cost(ranks[best] + 1) - kind.cost(ranks[best]);
            ranks[best]++;
        }
    }

    /** Stored parameters per layer of {@code kinds} at {@code ranks}. */
    static long cost(List<Kind> kinds, int[] ranks) {
        long c = 0;
        for (int k = 0; k < ranks.length; k++) {
            c += kinds.get(k).cost(ranks[k]);
        }
        return c;
    }

    private RankPlan() {}
}
