package org.tuckerattention.converter.compress;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.converter.ranks.TensorSpectra;
import org.tuckerattention.converter.tucker.CoreStorage;
import org.tuckerattention.converter.tucker.FactoredTensor;
import org.tuckerattention.converter.tucker.ModeGram;
import org.tuckerattention.converter.tucker.TuckerDecomposition;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * The post-softmax (value-output) side of one layer in the tensors of docs/checkpoint-format.md. The
 * value bias folds exactly into the output bias, {@code bo + Σ_i O_iᵀ b_v,g(i)}, because every row of
 * attention weights sums to 1 (DESIGN §4.3).
 */
final class PostSoftmaxSide {

    /** The side's name in progress lines and budget plans. */
    static final String NAME = "post-softmax";

    /** What the global budget needs of this side ({@link SideSpectra}): its mode spectra and storages. */
    static SideSpectra spectra(int layer, AttentionWeights w, CoreChoice core, StorageChoice.Engine engine) {
        FactoredTensor x = FactoredTensor.postSoftmax(w);
        ModeGram gram = new ModeGram(x, engine.products());
        TensorSpectra t = new TensorSpectra(layer, NAME, x.dims(),
                List.of(gram.spectrum(1), gram.spectrum(2), gram.spectrum(3)));
        long bias = w.bo().isPresent() || w.bv().isPresent() ? w.geometry().d() : 0;
        return SideSpectra.of(layer, NAME, t, x, core.storages(), false, bias, bias, 0);
    }

    static SideResult compress(AttentionWeights w, RankSpec spec, CoreChoice core, StorageChoice.Engine engine) {
        AttentionGeometry g = w.geometry();
        ModeGram gram = new ModeGram(FactoredTensor.postSoftmax(w), engine.products());
        int[] ranks = StorageChoice.resolve(gram, spec, originalParameters(g));
        StorageChoice.Chosen chosen = StorageChoice.decompose(gram, ranks, core, engine);
        TuckerDecomposition t = chosen.decomposition();
        DMatrixRMaj u2 = t.factor(2);
        DMatrixRMaj u3 = t.factor(3);
        List<TuckerTensor> tensors = new ArrayList<>();
        tensors.add(PreSoftmaxSide.matrix("u_output", u2, 1));
        tensors.add(PreSoftmaxSide.matrix("u_value", u3, 1));
        if (chosen.storage() == CoreStorage.DENSE) {
            tensors.add(new TuckerTensor("core", new long[] {t.ranks()[0], t.ranks()[1], t.ranks()[2]},
                    WeightMatrices.values(t.core(), 1)));
            tensors.add(PreSoftmaxSide.matrix("u_head", t.factor(1), 1));
        } else {
            // Ã_i = Ũ2ᵀO_iᵀ: O_iᵀ is head i's column block of wo, so woᵀŨ2 has Ã_iᵀ in its row block i.
            tensors.add(new TuckerTensor("a", new long[] {g.nH(), u2.numCols, g.dV()}, WeightMatrices.headBlocks(
                    engine.products().multiply(WeightMatrices.of(w.wo()), true, u2, false), g.nH(), g.dV(), 1)));
            tensors.add(new TuckerTensor("c", new long[] {g.nKV(), u3.numCols, g.dV()}, WeightMatrices.headBlocks(
                    engine.products().multiply(WeightMatrices.of(w.wv()), u3), g.nKV(), g.dV(), 1)));
        }
        if (w.bo().isPresent() || w.bv().isPresent()) {
            tensors.add(new TuckerTensor("output_bias", new long[] {g.d()}, outputBias(w)));
        }
        return new SideResult(chosen.storage(), t.ranks(), t.relativeError(), t.iterations(), tensors);
    }

    /** {@code bo + Σ_i O_iᵀ b_v,g(i)}, in double. */
    static double[] outputBias(AttentionWeights w) {
        AttentionGeometry g = w.geometry();
        int d = g.d();
        int dV = g.dV();
        double[] out = new double[d];
        w.bo().ifPresent(bo -> {
            for (int r = 0; r < d; r++) {
                out[r] = bo[r];
            }
        });
        w.bv().ifPresent(bv -> {
            float[] wo = w.wo().data();
            int cols = w.wo().cols();
            for (int r = 0; r < d; r++) {
                double sum = 0;
                for (int i = 0; i < g.nH(); i++) {
                    int group = g.group(i);
                    for (int k = 0; k < dV; k++) {
                        sum += (double) wo[r * cols + i * dV + k] * bv[group * dV + k];
                    }
                }
                out[r] += sum;
            }
        });
        return out;
    }

    /** Parameters of the original value and output projections: what a {@code --budget} fraction is of. */
    static long originalParameters(AttentionGeometry g) {
        return (long) g.d() * (g.nKV() + g.nH()) * g.dV();
    }

    private PostSoftmaxSide() {}
}
