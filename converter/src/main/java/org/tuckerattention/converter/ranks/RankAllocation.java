package org.tuckerattention.converter.ranks;

/**
 * The ranks chosen for one tensor of one layer by {@link BudgetAllocator}.
 *
 * @param layer the layer index
 * @param tensor the tensor label, as given
 * @param ranks (r1, r2, r3)
 * @param parameters dense Tucker parameters {@code r1 r2 r3 + Σ I_n r_n}
 * @param errorBound the HOSVD bound {@code sqrt(Σ_n tail_n)} on the relative error at these ranks
 */
public record RankAllocation(int layer, String tensor, int[] ranks, long parameters, double errorBound) {

    public RankAllocation {
        ranks = ranks.clone();
    }

    @Override
    public int[] ranks() {
        return ranks.clone();
    }
}
