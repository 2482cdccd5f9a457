package org.tuckerattention.converter.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.converter.tucker.CoreStorage;

/**
 * A global attention budget spent over the sides of all compressed layers (DESIGN §4.2, §5.2): per side a
 * storage and ranks whose stored values, biases included, sum to at most {@code budget}, chosen to minimise
 * the summed squared relative errors (as {@code BudgetAllocator}: relative errors make the pre- and
 * post-softmax sides, which have different units, count alike).
 *
 * <p>This is a multiple-choice knapsack, solved greedily: every side starts at its cheapest choice, then the
 * step along any side's convex hull ({@link SideFrontier}) with the largest error reduction per value is
 * taken while it fits; what is left is filled by the Pareto choice with the largest error reduction that
 * still fits. Ties go to the earlier side: deterministic.
 *
 * <p>Storage ({@code --core auto}): the bound overrates dense cores cut hard in several modes (stories260K at
 * 25 %: dense post-softmax sides at output rank 2 estimated best, worse in fact and in KL divergence), so the
 * plan is made with head-factored storage, which keeps every head, whenever that fits the budget, and each side
 * carries the other storage's best choice at no more values ({@link SidePlan#alternative}); the compressor
 * keeps whichever has the smaller actual error. Side by side, auto is then never worse than head-factored
 * storage at the same spend. Only below head-factored storage's smallest ranks is the plan made over both.
 *
 * @param budget the stored values allowed
 * @param sides per side (layer order, pre before post) the choice made
 */
record BudgetPlan(long budget, List<SidePlan> sides) {

    /**
     * The choice for one side, and when the other storage is allowed too, that storage's choice estimated best
     * among those storing no more values: the HOSVD bound ranks the storages unreliably where several modes are
     * cut hard, so the compressor decomposes both and keeps the smaller actual error.
     */
    record SidePlan(int layer, String side, SideFrontier.Choice choice, Optional<SideFrontier.Choice> alternative) {}

    BudgetPlan {
        sides = List.copyOf(sides);
    }

    /** Values the plan stores. */
    long parameters() {
        return sides.stream().mapToLong(p -> p.choice().parameters()).sum();
    }

    /** Values the plan stores for one side ("pre-softmax" or "post-softmax") over all layers. */
    long parameters(String side) {
        return sides.stream().filter(p -> p.side().equals(side)).mapToLong(p -> p.choice().parameters()).sum();
    }

    /** The plan of {@code side} of {@code layer}. */
    SidePlan of(int layer, String side) {
        return sides.stream().filter(p -> p.layer() == layer && p.side().equals(side)).findFirst().orElseThrow();
    }

    /**
     * Plans {@code sides} within {@code budget}; with {@code preShare}, the pre-softmax sides get
     * {@code ⌊preShare · budget⌋} and the post-softmax sides the rest, else the split is the allocator's.
     *
     * @throws RankException when even the smallest ranks exceed the budget (or a side's share of it)
     */
    static BudgetPlan allocate(List<SideSpectra> sides, long budget, OptionalDouble preShare) {
        if (preShare.isEmpty()) {
            return new BudgetPlan(budget, best(sides, budget));
        }
        long pre = (long) Math.floor(preShare.getAsDouble() * budget);
        List<SideSpectra> preSides = sides.stream().filter(s -> s.side().equals(PreSoftmaxSide.NAME)).toList();
        List<SideSpectra> postSides = sides.stream().filter(s -> !s.side().equals(PreSoftmaxSide.NAME)).toList();
        List<SidePlan> plans = new ArrayList<>(best(preSides, pre));
        plans.addAll(best(postSides, budget - pre));
        plans.sort((a, b) -> a.layer() != b.layer() ? Integer.compare(a.layer(), b.layer())
                : Boolean.compare(!a.side().equals(PreSoftmaxSide.NAME), !b.side().equals(PreSoftmaxSide.NAME)));
        return new BudgetPlan(budget, plans);
    }

    /**
     * The plan, sides in order. Where a side may take either storage ({@code --core auto}) the plan is made with
     * head-factored storage alone when that fits, else with both; then each side gets, as its alternative, the
     * other storage's choice estimated best among those storing no more values.
     */
    private static List<SidePlan> best(List<SideSpectra> sides, long budget) {
        List<SideFrontier> fronts = sides.stream().map(SideFrontier::of).toList();
        List<SideFrontier.Choice> chosen = null;
        if (sides.stream().anyMatch(s -> s.storages().size() > 1)) {
            try {
                chosen = greedy(sides.stream().map(s -> SideFrontier.of(s.restrictedTo(CoreStorage.HEAD_FACTORED)))
                        .toList(), budget);
            } catch (RankException e) {
                // Head-factored storage alone does not fit this budget: plan with both.
            }
        }
        if (chosen == null) {
            chosen = greedy(fronts, budget);
        }
        List<SidePlan> out = new ArrayList<>();
        for (int k = 0; k < sides.size(); k++) {
            SideFrontier.Choice c = chosen.get(k);
            Optional<SideFrontier.Choice> alternative = Optional.empty();
            for (CoreStorage other : sides.get(k).storages()) {
                if (other != c.storage()) {
                    alternative = fronts.get(k).best(other, c.parameters());
                }
            }
            out.add(new SidePlan(sides.get(k).layer(), sides.get(k).side(), c, alternative));
        }
        return out;
    }

    /** The greedy multiple-choice knapsack over the sides' fronts: one choice per side, in order. */
    private static List<SideFrontier.Choice> greedy(List<SideFrontier> fronts, long budget) {
        int n = fronts.size();
        SideFrontier.Choice[] chosen = new SideFrontier.Choice[n];
        long spent = 0;
        for (int k = 0; k < n; k++) {
            chosen[k] = fronts.get(k).hull().get(0);
            spent += chosen[k].parameters();
        }
        if (spent > budget) {
            throw new RankException("a budget of " + budget + " attention parameters is below the " + spent
                    + " that the smallest ranks of these " + n + " sides need");
        }
        PriorityQueue<Step> queue = new PriorityQueue<>();
        for (int k = 0; k < n; k++) {
            offer(queue, fronts.get(k), k, 0);
        }
        while (!queue.isEmpty()) {
            Step s = queue.poll();
            SideFrontier.Choice next = fronts.get(s.side).hull().get(s.to);
            long cost = next.parameters() - chosen[s.side].parameters();
            if (cost > budget - spent) {
                continue; // later hull points cost more still: this side is done
            }
            spent += cost;
            chosen[s.side] = next;
            offer(queue, fronts.get(s.side), s.side, s.to);
        }
        // Fill what the hull steps left with the single move that reduces the error most and still fits.
        while (true) {
            int bestSide = -1;
            SideFrontier.Choice bestChoice = null;
            double bestGain = 0;
            for (int k = 0; k < n; k++) {
                for (SideFrontier.Choice c : fronts.get(k).pareto()) {
                    long cost = c.parameters() - chosen[k].parameters();
                    double gain = chosen[k].errorSquared() - c.errorSquared();
                    if (cost <= budget - spent && gain > bestGain) {
                        bestSide = k;
                        bestChoice = c;
                        bestGain = gain;
                    }
                }
            }
            if (bestChoice == null) {
                break;
            }
            spent += bestChoice.parameters() - chosen[bestSide].parameters();
            chosen[bestSide] = bestChoice;
        }
        return List.of(chosen);
    }

    private static void offer(PriorityQueue<Step> queue, SideFrontier f, int side, int from) {
        List<SideFrontier.Choice> hull = f.hull();
        if (from + 1 < hull.size()) {
            SideFrontier.Choice a = hull.get(from);
            SideFrontier.Choice b = hull.get(from + 1);
            queue.add(new Step(side, from + 1, (a.errorSquared() - b.errorSquared()) / (b.parameters() - a.parameters())));
        }
    }

    /** A step along one side's hull, best ratio first, ties to the earlier side. */
    private record Step(int side, int to, double ratio) implements Comparable<Step> {
        @Override
        public int compareTo(Step o) {
            int c = Double.compare(o.ratio, ratio);
            return c != 0 ? c : Integer.compare(side, o.side);
        }
    }
}
