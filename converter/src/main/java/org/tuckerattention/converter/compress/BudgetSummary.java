package org.tuckerattention.converter.compress;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What the report says of a global budget ({@code --budget}): what it was of, its limit, what the plan
 * counted and what each side stores. The values stored in all are the compressed layers' own counts
 * ({@link CompressReport#compressedParametersAfter()}): the plan's count, or less where an alternative in the
 * other storage with a smaller actual error replaced a choice ({@link BudgetPlan.SidePlan}).
 *
 * @param fraction the fraction asked
 * @param preShare the pre-softmax share asked; empty when the allocator split the budget
 * @param originalParameters original attention weights and biases of the compressed layers
 * @param limit {@code ⌊fraction · originalParameters⌋}: at most this many values are stored
 * @param plannedParameters values the plan counted (MLA: the kept down-projections and norms included)
 * @param preParameters values the pre-softmax sides store (MLA: with {@code query_rope}, without the kept tensors)
 * @param postParameters values the post-softmax sides store
 */
public record BudgetSummary(double fraction, OptionalDouble preShare, long originalParameters, long limit,
        long plannedParameters, long preParameters, long postParameters) {

    static BudgetSummary of(AttentionBudget b, BudgetPlan plan, long originalParameters, List<LayerResult> layers) {
        return new BudgetSummary(b.fraction(), b.preShare(), originalParameters, plan.budget(), plan.parameters(),
                layers.stream().mapToLong(l -> l.pre().parameters()).sum(),
                layers.stream().mapToLong(l -> l.post().parameters()).sum());
    }
}
