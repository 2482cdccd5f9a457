package org.tuckerattention.converter.baselines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * MLA-style: keys and values read one shared latent, the truncated SVD of the stacked {@code [W_K; W_V]}
 * (the cache holds the latent; keys are rebuilt per head and rotated there, so RoPE stays per head). The
 * query and output projections become low rank too when the budget requires; {@link RankPlan} picks the
 * three ranks, the same in every layer.
 */
public final class MlaLatent implements Baseline {

    private final AttentionGeometry geometry;
    private final List<RankPlan.Kind> kinds;
    private final int[] ranks;

    private MlaLatent(AttentionGeometry geometry, List<RankPlan.Kind> kinds, int[] ranks) {
        this.geometry = geometry;
        this.kinds = kinds;
        this.ranks = ranks;
    }

    /**
     * The conversion of {@code layers} (every layer, in order) within {@code fraction} of the original
     * attention parameters.
     *
     * @throws org.tuckerattention.converter.ranks.RankException when rank one everywhere does not fit
     */
    public static MlaLatent plan(List<AttentionWeights> layers, double fraction) {
        AttentionGeometry g = layers.get(0).geometry();
        List<RankPlan.Kind> kinds = List.of(
                RankPlan.Kind.of("query", layers.stream().map(AttentionWeights::wq).toList()),
                RankPlan.Kind.of("key_value", layers.stream().map(w -> stack(w.wk(), w.wv())).toList()),
                RankPlan.Kind.of("output", layers.stream().map(AttentionWeights::wo).toList()));
        return new MlaLatent(g, kinds, RankPlan.allocate(kinds, Budgets.weights(g, fraction)));
    }

    @Override
    public String method() {
        return "mla";
    }

    @Override
    public String description() {
        return "key/value latent %d, query rank %d, output rank %d".formatted(ranks[1], ranks[0], ranks[2]);
    }

    @Override
    public Map<String, Integer> settings() {
        Map<String, Integer> s = new LinkedHashMap<>();
        s.put("query_rank", ranks[0]);
        s.put("key_value_latent", ranks[1]);
        s.put("output_rank", ranks[2]);
        return s;
    }

    @Override
    public long parametersPerLayer() {
        return RankPlan.cost(kinds, ranks) + Budgets.biases(geometry);
    }

    @Override
    public long kvValuesPerLayer() {
        return Math.min(ranks[1], (long) geometry.nKV() * (geometry.dH() + geometry.dV()));
    }

    @Override
    public AttentionWeights convert(AttentionWeights w) {
        int l = w.layer();
        Matrix kv = kinds.get(1).truncated(stack(w.wk(), w.wv()), l, ranks[1]);
        int keyRows = w.wk().rows();
        return new AttentionWeights(geometry, l, kinds.get(0).truncated(w.wq(), l, ranks[0]), kv.rowRange(0, keyRows),
                kv.rowRange(keyRows, kv.rows()), kinds.get(2).truncated(w.wo(), l, ranks[2]), w.bq(), w.bk(), w.bv(),
                w.bo(), Optional.empty());
    }

    /** {@code top} above {@code bottom}. */
    private static Matrix stack(Matrix top, Matrix bottom) {
        float[] out = new float[top.data().length + bottom.data().length];
        System.arraycopy(top.data(), 0, out, 0, top.data().length);
        System.arraycopy(bottom.data(), 0, out, top.data().length, bottom.data().length);
        return new Matrix(top.rows() + bottom.rows(), top.cols(), out);
    }
}
