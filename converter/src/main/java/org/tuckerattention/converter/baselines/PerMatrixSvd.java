package org.tuckerattention.converter.baselines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * Per-matrix truncated SVD of W_Q, W_K, W_V and W_O. The budget is split between the query-key and the
 * value-output sides by a share that the caller tunes on selection text (the query-key side gets its
 * share, the value-output side the rest); within a side {@link RankPlan} picks the two ranks.
 */
public final class PerMatrixSvd implements Baseline {

    private final AttentionGeometry geometry;
    private final double queryKeyShare;
    private final List<RankPlan.Kind> kinds;
    private final int[] ranks;

    private PerMatrixSvd(AttentionGeometry geometry, double queryKeyShare, List<RankPlan.Kind> kinds, int[] ranks) {
        this.geometry = geometry;
        this.queryKeyShare = queryKeyShare;
        this.kinds = kinds;
        this.ranks = ranks;
    }

    /**
     * The conversion of {@code layers} (every layer, in order) within {@code fraction} of the original
     * attention parameters, {@code queryKeyShare} of it for W_Q and W_K.
     *
     * @throws org.tuckerattention.converter.ranks.RankException when a side cannot have rank one
     */
    public static PerMatrixSvd plan(List<AttentionWeights> layers, double fraction, double queryKeyShare) {
        if (!(queryKeyShare > 0 && queryKeyShare < 1)) {
            throw new IllegalArgumentException("the query-key share must be in (0, 1), got " + queryKeyShare);
        }
        AttentionGeometry g = layers.get(0).geometry();
        List<RankPlan.Kind> qk = List.of(
                RankPlan.Kind.of("query", layers.stream().map(AttentionWeights::wq).toList()),
                RankPlan.Kind.of("key", layers.stream().map(AttentionWeights::wk).toList()));
        List<RankPlan.Kind> vo = List.of(
                RankPlan.Kind.of("value", layers.stream().map(AttentionWeights::wv).toList()),
                RankPlan.Kind.of("output", layers.stream().map(AttentionWeights::wo).toList()));
        long budget = Budgets.weights(g, fraction);
        int[] qkRanks = RankPlan.allocate(qk, (long) Math.floor(queryKeyShare * budget));
        int[] voRanks = RankPlan.allocate(vo, budget - RankPlan.cost(qk, qkRanks));
        return new PerMatrixSvd(g, queryKeyShare, List.of(qk.get(0), qk.get(1), vo.get(0), vo.get(1)),
                new int[] {qkRanks[0], qkRanks[1], voRanks[0], voRanks[1]});
    }

    @Override
    public String method() {
        return "svd";
    }

    @Override
    public String description() {
        return "ranks Q %d, K %d, V %d, O %d (query-key share %.2f)".formatted(ranks[0], ranks[1], ranks[2],
                ranks[3], queryKeyShare);
    }

    @Override
    public Map<String, Integer> settings() {
        Map<String, Integer> s = new LinkedHashMap<>();
        s.put("query_rank", ranks[0]);
        s.put("key_rank", ranks[1]);
        s.put("value_rank", ranks[2]);
        s.put("output_rank", ranks[3]);
        s.put("query_key_share_percent", (int) Math.round(100 * queryKeyShare));
        return s;
    }

    @Override
    public long parametersPerLayer() {
        return RankPlan.cost(kinds, ranks) + Budgets.biases(geometry);
    }

    /** The key and value latents ({@code W = A B}: cache {@code B x}), never more than the heads themselves. */
    @Override
    public long kvValuesPerLayer() {
        return Math.min(ranks[1], (long) geometry.nKV() * geometry.dH())
                + Math.min(ranks[2], (long) geometry.nKV() * geometry.dV());
    }

    @Override
    public AttentionWeights convert(AttentionWeights w) {
        int l = w.layer();
        return new AttentionWeights(geometry, l, kinds.get(0).truncated(w.wq(), l, ranks[0]),
                kinds.get(1).truncated(w.wk(), l, ranks[1]), kinds.get(2).truncated(w.wv(), l, ranks[2]),
                kinds.get(3).truncated(w.wo(), l, ranks[3]), w.bq(), w.bk(), w.bv(), w.bo(), Optional.empty());
    }
}
