package org.tuckerattention.converter.ranks;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Distributes a global parameter budget over the attention tensors of all layers (DESIGN §4.2): every
 * tensor starts at ranks (1, 1, 1), then the rank increment with the largest estimated error reduction
 * per added parameter is taken, anywhere, until none fits the budget or none reduces the error.
 *
 * <p>The error of a tensor is estimated as the HOSVD bound does, from its mode spectra: the summed
 * shares of energy each truncated mode discards ({@link TensorSpectra#relativeTail}). Errors are
 * relative, so every tensor counts alike whatever its scale (the pre- and post-softmax tensors have
 * different units). An increment raises one, two or all three ranks at once, so that
 * {@code r_n ≤ ∏_{m≠n} r_m} holds throughout (from (1, 1, 1) no single rank can grow). Ties go to the
 * earlier tensor and the earlier increment: the result is deterministic.
 */
public final class BudgetAllocator {

    /** The seven increments: every non-empty subset of the three modes, singles first. */
    private static final int[][] STEPS = {
        {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}
    };

    /**
     * Ranks per tensor, in the order given, whose dense Tucker parameters {@code r1 r2 r3 + Σ I_n r_n}
     * sum to at most {@code budget}.
     *
     * @throws RankException when even ranks (1, 1, 1) everywhere exceed the budget
     */
    public static List<RankAllocation> allocate(List<TensorSpectra> tensors, long budget) {
        List<State> states = new ArrayList<>();
        long spent = 0;
        for (TensorSpectra t : tensors) {
            State s = new State(t);
            states.add(s);
            spent += s.parameters();
        }
        if (spent > budget) {
            throw new RankException("a budget of " + budget + " parameters is below the " + spent
                    + " that ranks (1, 1, 1) need for all " + tensors.size() + " tensors");
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>();
        for (int i = 0; i < states.size(); i++) {
            offer(queue, i, states.get(i), budget - spent);
        }
        // Lazy greedy: a tensor's best ratio can only fall as the budget left shrinks, so a stale entry
        // is re-evaluated when it surfaces and applied only if still as good as its key.
        while (!queue.isEmpty()) {
            Candidate top = queue.poll();
            State s = states.get(top.tensor);
            Candidate now = s.best(top.tensor, budget - spent);
            if (now == null) {
                continue;
            }
            if (now.compareTo(top) > 0) {
                queue.add(now);
                continue;
            }
            spent += s.apply(now.step);
            offer(queue, top.tensor, s, budget - spent);
        }
        List<RankAllocation> out = new ArrayList<>();
        for (State s : states) {
            out.add(new RankAllocation(s.spectra.layer(), s.spectra.tensor(), s.ranks, s.parameters(),
                    s.spectra.errorBound(s.ranks)));
        }
        return out;
    }

    private static void offer(PriorityQueue<Candidate> queue, int index, State s, long left) {
        Candidate c = s.best(index, left);
        if (c != null) {
            queue.add(c);
        }
    }

    /** An increment of one tensor's ranks, ordered best first. */
    private record Candidate(int tensor, int step, double ratio) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            int c = Double.compare(o.ratio, ratio);
            if (c != 0) {
                return c;
            }
            return tensor != o.tensor ? Integer.compare(tensor, o.tensor) : Integer.compare(step, o.step);
        }
    }

    /** One tensor's current ranks and its precomputed tails. */
    private static final class State {
        final TensorSpectra spectra;
        final int[] dims;
        final double[][] tails = new double[3][];
        final int[] ranks = {1, 1, 1};

        State(TensorSpectra spectra) {
            this.spectra = spectra;
            this.dims = spectra.dims();
            for (int n = 0; n < 3; n++) {
                tails[n] = spectra.relativeTail(n + 1);
            }
        }

        long parameters() {
            return parameters(ranks);
        }

        long parameters(int[] r) {
            return (long) r[0] * r[1] * r[2] + (long) dims[0] * r[0] + (long) dims[1] * r[1] + (long) dims[2] * r[2];
        }

        /** The feasible increment with the best error reduction per parameter within {@code left}, or null. */
        Candidate best(int index, long left) {
            Candidate best = null;
            long now = parameters();
            for (int k = 0; k < STEPS.length; k++) {
                int[] next = new int[3];
                double gain = 0;
                boolean fits = true;
                for (int n = 0; n < 3; n++) {
                    next[n] = ranks[n] + STEPS[k][n];
                    fits &= next[n] <= dims[n];
                    if (fits && STEPS[k][n] == 1) {
                        gain += tails[n][ranks[n]] - tails[n][next[n]];
                    }
                }
                if (!fits || !valid(next) || gain <= 0) {
                    continue;
                }
                long cost = parameters(next) - now;
                Candidate c = new Candidate(index, k, gain / cost);
                if (cost <= left && (best == null || c.compareTo(best) < 0)) {
                    best = c;
                }
            }
            return best;
        }

        /** Takes the increment; returns the parameters it added. */
        long apply(int step) {
            long before = parameters();
            for (int n = 0; n < 3; n++) {
                ranks[n] += STEPS[step][n];
            }
            return parameters() - before;
        }

        private static boolean valid(int[] r) {
            for (int n = 0; n < 3; n++) {
                if (r[n] > (long) r[(n + 1) % 3] * r[(n + 2) % 3]) {
                    return false;
                }
            }
            return true;
        }
    }

    private BudgetAllocator() {}
}
