package org.tuckerattention.converter.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.converter.tucker.CoreStorage;

/**
 * The (stored values, estimated squared error) choices of one side ({@link SideSpectra}) that are worth
 * taking: for each storage allowed, the ranks a greedy walk reaches from the smallest valid ranks, raising
 * at each step the ranks with the largest estimated error reduction per added value; then, over all
 * storages, the Pareto front (no cheaper choice has a smaller error) and its lower convex hull.
 *
 * <p>Dense storage raises one, two or all three ranks at a step, so that {@code r_n ≤ ∏_{m≠n} r_m} holds
 * throughout; head-factored storage keeps {@code r1 = nH} and raises r2, r3 or both, starting from
 * {@code r2 = r3 = ⌈√nH⌉}, the smallest square with {@code nH ≤ r2 r3}.
 *
 * @param choices every choice the walks visited, of every storage
 * @param pareto the Pareto front, cheapest first (errors strictly falling)
 * @param hull its lower convex hull, cheapest first (the marginal error reduction per value falling)
 */
record SideFrontier(SideSpectra side, List<Choice> choices, List<Choice> pareto, List<Choice> hull) {

    /** The choice of {@code storage} with the least estimated error among those storing at most {@code most} values. */
    Optional<Choice> best(CoreStorage storage, long most) {
        return choices.stream().filter(c -> c.storage() == storage && c.parameters() <= most)
                .min(Comparator.comparingDouble(Choice::errorSquared).thenComparingLong(Choice::parameters));
    }

    /** One storage and ranks, its stored values and estimated squared relative error. */
    record Choice(CoreStorage storage, int[] ranks, long parameters, double errorSquared) {}

    private static final int[][] DENSE_STEPS = {
        {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}
    };
    private static final int[][] FACTORED_STEPS = {{0, 1, 0}, {0, 0, 1}, {0, 1, 1}};

    static SideFrontier of(SideSpectra side) {
        double[][] tails = new double[3][];
        for (int n = 0; n < 3; n++) {
            tails[n] = side.spectra().relativeTail(n + 1);
        }
        Map<String, Choice> all = new LinkedHashMap<>();
        for (CoreStorage storage : side.storages()) {
            for (Choice c : walk(side, storage, tails)) {
                all.putIfAbsent(storage + Arrays.toString(c.ranks()), c);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no valid ranks for " + side.side() + " of layer " + side.layer());
        }
        List<Choice> sorted = new ArrayList<>(all.values());
        sorted.sort(Comparator.comparingLong(Choice::parameters).thenComparingDouble(Choice::errorSquared));
        List<Choice> pareto = new ArrayList<>();
        for (Choice c : sorted) {
            if (pareto.isEmpty() || c.errorSquared() < pareto.get(pareto.size() - 1).errorSquared()) {
                pareto.add(c);
            }
        }
        return new SideFrontier(side, List.copyOf(all.values()), List.copyOf(pareto), List.copyOf(hull(pareto)));
    }

    /** The ranks a greedy walk in {@code storage} visits, the smallest first. */
    private static List<Choice> walk(SideSpectra side, CoreStorage storage, double[][] tails) {
        int[] dims = side.dims();
        int[] r;
        int[][] steps;
        if (storage == CoreStorage.DENSE) {
            r = new int[] {1, 1, 1};
            steps = DENSE_STEPS;
        } else {
            int k = (int) Math.ceil(Math.sqrt(dims[0]));
            r = new int[] {dims[0], k, k};
            steps = FACTORED_STEPS;
        }
        List<Choice> out = new ArrayList<>();
        if (!valid(r, dims)) {
            return out;
        }
        add(out, side, storage, r, tails);
        while (true) {
            int[] best = null;
            double bestRatio = 0;
            double now = errorSquared(storage, r, tails);
            long cost = side.parameters(storage, r);
            for (int[] step : steps) {
                int[] next = {r[0] + step[0], r[1] + step[1], r[2] + step[2]};
                if (!valid(next, dims)) {
                    continue;
                }
                double gain = now - errorSquared(storage, next, tails);
                double ratio = gain / (side.parameters(storage, next) - cost);
                if (gain > 0 && ratio > bestRatio) {
                    best = next;
                    bestRatio = ratio;
                }
            }
            if (best == null) {
                return out;
            }
            r = best;
            add(out, side, storage, r, tails);
        }
    }

    /** Adds the choice at {@code r}; with an even key rank asked, at {@code r3} rounded up to even, if valid. */
    private static void add(List<Choice> out, SideSpectra side, CoreStorage storage, int[] r, double[][] tails) {
        int[] ranks = r.clone();
        if (side.evenKeyRank() && ranks[2] % 2 != 0) {
            ranks[2]++;
            if (!valid(ranks, side.dims())) {
                return;
            }
        }
        out.add(new Choice(storage, ranks, side.parameters(storage, ranks), errorSquared(storage, ranks, tails)));
    }

    private static double errorSquared(CoreStorage storage, int[] r, double[][] tails) {
        double head = storage == CoreStorage.DENSE ? tails[0][r[0]] : 0;
        return head + tails[1][r[1]] + tails[2][r[2]];
    }

    /** {@code 1 ≤ r_n ≤ I_n} and {@code r_n ≤ ∏_{m≠n} r_m}, as {@code RankSpec.validate} checks. */
    private static boolean valid(int[] r, int[] dims) {
        for (int n = 0; n < 3; n++) {
            if (r[n] < 1 || r[n] > dims[n] || r[n] > (long) r[(n + 1) % 3] * r[(n + 2) % 3]) {
                return false;
            }
        }
        return true;
    }

    /** The lower convex hull of a Pareto front (cheapest first), by Andrew's monotone chain. */
    private static List<Choice> hull(List<Choice> pareto) {
        List<Choice> h = new ArrayList<>();
        for (Choice c : pareto) {
            while (h.size() >= 2 && !convex(h.get(h.size() - 2), h.get(h.size() - 1), c)) {
                h.remove(h.size() - 1);
            }
            h.add(c);
        }
        return h;
    }

    /** Whether b lies strictly below the segment from a to c. */
    private static boolean convex(Choice a, Choice b, Choice c) {
        double cross = (double) (b.parameters() - a.parameters()) * (c.errorSquared() - a.errorSquared())
                - (b.errorSquared() - a.errorSquared()) * (double) (c.parameters() - a.parameters());
        return cross > 0;
    }
}
