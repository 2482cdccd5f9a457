package org.tuckerattention.converter.compress;

import java.util.OptionalDouble;

/**
 * The {@code --budget} setting: the Tucker attention values stored for all compressed layers, both sides,
 * at most {@code fraction} × the original attention parameters of those layers ({@link BudgetPlan}).
 *
 * @param fraction of the original attention parameters (weights and biases) of the compressed layers
 * @param preShare the share of the budget given to the pre-softmax sides; empty lets the allocator split it
 */
public record AttentionBudget(double fraction, OptionalDouble preShare) {

    public AttentionBudget {
        if (!(fraction > 0)) {
            throw new IllegalArgumentException("a budget must be a positive fraction, got " + fraction);
        }
        if (preShare.isPresent() && !(preShare.getAsDouble() >= 0 && preShare.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("the pre-softmax share must lie in [0, 1], got " + preShare.getAsDouble());
        }
    }

    /** The fraction, split between the sides by the allocator. */
    public static AttentionBudget of(double fraction) {
        return new AttentionBudget(fraction, OptionalDouble.empty());
    }
}
