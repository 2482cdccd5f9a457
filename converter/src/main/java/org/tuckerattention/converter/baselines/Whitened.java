package org.tuckerattention.converter.baselines;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tuckerattention.converter.calibration.Calibration;
import org.tuckerattention.converter.calibration.Whitening;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * A baseline planned and applied in whitened coordinates, the activation-aware form of SVD-LLM: every
 * projection is weighted by the square root of its own input's second moment — W_Q, W_K and W_V by that of
 * the attention input, W_O by that of the mixed values it reads — so a truncation there minimises the
 * expected error of the projection's output on calibration-like inputs; the converted weights are mapped
 * back ({@code W S⁻¹}). Mean-pooling (GQA) commutes with the weighting, so it gains nothing from it.
 */
public final class Whitened implements Baseline {

    private final Baseline inner;
    private final Weighting weighting;

    private Whitened(Baseline inner, Weighting weighting) {
        this.inner = inner;
        this.weighting = weighting;
    }

    /** The per-layer whitenings of {@code calibration}, which must hold the output projections' inputs too. */
    public static Weighting weighting(Calibration calibration, int layers) {
        List<Whitening> inputs = new ArrayList<>();
        List<Whitening> contexts = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            inputs.add(calibration.whitening(l));
            contexts.add(calibration.contextWhitening(l).orElseThrow(() -> new IllegalArgumentException(
                    "the calibration has no second moment of the output projections' inputs")));
        }
        return new Weighting(inputs, contexts);
    }

    /**
     * The baseline {@code plan} makes from the whitened layers, applied in whitened coordinates.
     *
     * @param plan plans a baseline from (whitened) layers, e.g. {@code ls -> PerMatrixSvd.plan(ls, 0.25, 0.3)}
     */
    public static Whitened plan(List<AttentionWeights> layers, Weighting weighting,
            Function<List<AttentionWeights>, Baseline> plan) {
        return new Whitened(plan.apply(layers.stream().map(weighting::weigh).toList()), weighting);
    }

    @Override
    public String method() {
        return inner.method() + "-cal";
    }

    @Override
    public String description() {
        return inner.description() + ", whitened";
    }

    @Override
    public Map<String, Integer> settings() {
        return inner.settings();
    }

    @Override
    public long parametersPerLayer() {
        return inner.parametersPerLayer();
    }

    @Override
    public long kvValuesPerLayer() {
        return inner.kvValuesPerLayer();
    }

    @Override
    public AttentionWeights convert(AttentionWeights original) {
        return weighting.unweigh(inner.convert(weighting.weigh(original)));
    }

    /** Per layer, the whitening of the attention input and of the output projection's input. */
    public record Weighting(List<Whitening> inputs, List<Whitening> contexts) {

        AttentionWeights weigh(AttentionWeights w) {
            Whitening x = inputs.get(w.layer());
            Whitening z = contexts.get(w.layer());
            return new AttentionWeights(w.geometry(), w.layer(), x.weigh(w.wq()), x.weigh(w.wk()), x.weigh(w.wv()),
                    z.weigh(w.wo()), w.bq(), w.bk(), w.bv(), w.bo(), w.mla());
        }

        AttentionWeights unweigh(AttentionWeights w) {
            Whitening x = inputs.get(w.layer());
            Whitening z = contexts.get(w.layer());
            return new AttentionWeights(w.geometry(), w.layer(), x.unweigh(w.wq()), x.unweigh(w.wk()),
                    x.unweigh(w.wv()), z.unweigh(w.wo()), w.bq(), w.bk(), w.bv(), w.bo(), w.mla());
        }
    }
}
