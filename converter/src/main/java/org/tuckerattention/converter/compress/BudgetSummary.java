package org.tuckerattention.converter.compress;

import java.util.OptionalDouble;

/**
 * What the report says of a global budget ({@code --budget}): what it was of, its limit, and what the plan
 * spends on each side; the values actually stored are the compressed layers' own counts
 * ({@link CompressReport#compressedParametersAfter()}), which the plan's counts equal.
 *
 * @param fraction the fraction asked
 * @param preShare the pre-softmax share asked; empty when the allocator split the budget
 * @param originalParameters original attention weights and biases of the compressed layers
 * @param limit {@code ⌊fraction · originalParameters⌋}: at most this many values are stored
 * @param preParameters values the plan gives the pre-softmax sides
 * @param postParameters values the plan gives the post-softmax sides
 */
public record BudgetSummary(double fraction, OptionalDouble preShare, long originalParameters, long limit,
        long preParameters, long postParameters) {

    static BudgetSummary of(AttentionBudget b, BudgetPlan plan, long originalParameters) {
        return new BudgetSummary(b.fraction(), b.preShare(), originalParameters, plan.budget(),
                plan.parameters(PreSoftmaxSide.NAME), plan.parameters(PostSoftmaxSide.NAME));
    }

    /** Values the plan stores for both sides. */
    public long plannedParameters() {
        return preParameters + postParameters;
    }
}
