package org.tuckerattention.converter.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.converter.ranks.Spectrum;
import org.tuckerattention.converter.ranks.TensorSpectra;
import org.tuckerattention.converter.tucker.CoreStorage;
import org.tuckerattention.converter.tucker.FactoredTensor;
import org.tuckerattention.converter.tucker.ModeGram;
import org.tuckerattention.converter.tucker.TuckerDecomposition;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;

/**
 * The pre-softmax (query-key) side of one layer in the tensors of docs/checkpoint-format.md, with the
 * softmax scale {@code s} folded into the core, {@code a} and {@code query_bias} (DESIGN §4.3).
 * Without RoPE the key bias only shifts each query's logits by a constant and is dropped; the query
 * bias term {@code s·b_q,i K_gᵀ x_n} is kept in the key latent ({@code s·U3ᵀK_g b_q,i}, dense) or as
 * the per-head vector {@code s·b_q,i} (head-factored). With head RoPE both biases stay per head, as
 * the original adds them before rotating.
 */
final class PreSoftmaxSide {

    /** The side's name in progress lines and budget plans. */
    static final String NAME = "pre-softmax";

    /**
     * What the global budget needs of this side ({@link SideSpectra}): its mode spectra (for head RoPE the
     * offset-weighted query and key spectra) and the storages it may take: head-factored only under head
     * RoPE, dense only (even key rank) under latent RoPE, else those {@code core} allows.
     */
    static SideSpectra spectra(int layer, AttentionWeights w, CoreChoice core, RopeStrategy rope,
            HeadAverages averages, StorageChoice.Engine engine) {
        AttentionGeometry g = w.geometry();
        FactoredTensor x = FactoredTensor.preSoftmax(w);
        ModeGram gram = new ModeGram(x, engine.products());
        long queryBias = w.bq().isPresent() ? (long) g.nH() * g.dH() : 0;
        if (rope == RopeStrategy.HEAD) {
            Spectrum[] weighted = RopeHeadFactors.spectra(w, averages, engine.products());
            TensorSpectra t = new TensorSpectra(layer, NAME, x.dims(),
                    List.of(gram.spectrum(1), weighted[0], weighted[1]));
            long keyBias = w.bk().isPresent() ? (long) g.nKV() * g.dH() : 0;
            return SideSpectra.of(layer, NAME, t, x, List.of(CoreStorage.HEAD_FACTORED), false,
                    queryBias + keyBias, 0, 0);
        }
        TensorSpectra t = new TensorSpectra(layer, NAME, x.dims(),
                List.of(gram.spectrum(1), gram.spectrum(2), gram.spectrum(3)));
        List<CoreStorage> storages = rope == RopeStrategy.LATENT ? List.of(CoreStorage.DENSE) : core.storages();
        // MLA: the kept down-projections and norms and the rope query rows count with this side.
        long mla = MlaParts.keptParameters(g) + MlaParts.queryRopeParameters(g);
        return SideSpectra.of(layer, NAME, t, x, storages, rope == RopeStrategy.LATENT, queryBias + mla, mla,
                w.bq().isPresent() ? g.nH() : 0);
    }

    static SideResult compress(
            AttentionWeights w, RankSpec spec, CoreChoice core, RopeStrategy rope, HeadAverages averages,
            StorageChoice.Engine engine) {
        AttentionGeometry g = w.geometry();
        SideResult side = decompose(w, spec, core, rope, averages, engine);
        if (w.mla().isEmpty()) {
            return side;
        }
        List<TuckerTensor> tensors = new ArrayList<>(side.tensors());
        tensors.add(MlaParts.queryRope(w.mla().get(), MlaParts.softmaxScale(g)));
        return new SideResult(side.storage(), side.ranks(), side.relativeError(), side.hooiSweeps(), tensors);
    }

    private static SideResult decompose(
            AttentionWeights w, RankSpec spec, CoreChoice core, RopeStrategy rope, HeadAverages averages,
            StorageChoice.Engine engine) {
        AttentionGeometry g = w.geometry();
        double scale = MlaParts.softmaxScale(g);
        FactoredTensor x = FactoredTensor.preSoftmax(w);
        if (rope == RopeStrategy.HEAD) {
            // Fixed ranks need no Grams of the plain tensor; tolerance and fraction read its spectra.
            int[] ranks = spec.needsSpectra()
                    ? StorageChoice.resolve(new ModeGram(x, engine.products()), spec, originalParameters(g))
                    : spec.resolve(x.dims(), x.modeNames(), List.of(), originalParameters(g));
            RopeHeadFactors f = RopeHeadFactors.of(w, ranks[1], ranks[2], averages, engine.products());
            return headFactored(w, f.u2(), f.u3(), scale, f.relativeError(), 0, true, engine);
        }
        ModeGram gram = new ModeGram(x, engine.products());
        int[] ranks = StorageChoice.resolve(gram, spec, originalParameters(g));
        if (rope == RopeStrategy.LATENT && ranks[2] % 2 != 0) {
            // Latent RoPE rotates pairs (j, j + r3/2): a tolerance or budget's odd key rank grows by one.
            ranks[2] = Math.min(ranks[2] + 1, x.dims()[2]);
            RankSpec.validate(ranks, x.dims(), x.modeNames());
        }
        CoreChoice choice = rope == RopeStrategy.LATENT ? CoreChoice.DENSE : core;
        StorageChoice.Chosen chosen = StorageChoice.decompose(gram, ranks, choice, engine);
        TuckerDecomposition t = chosen.decomposition();
        if (chosen.storage() == CoreStorage.HEAD_FACTORED) {
            return headFactored(w, t.factor(2), t.factor(3), scale, t.relativeError(), t.iterations(), false, engine);
        }
        List<TuckerTensor> tensors = new ArrayList<>();
        DMatrixRMaj u3 = t.factor(3);
        tensors.add(matrix("u_query", t.factor(2), 1));
        tensors.add(matrix("u_key", u3, 1));
        tensors.add(new TuckerTensor("core", new long[] {t.ranks()[0], t.ranks()[1], t.ranks()[2]},
                WeightMatrices.values(t.core(), scale)));
        tensors.add(matrix("u_head", t.factor(1), 1));
        w.bq().ifPresent(bq -> {
            // (x_n U3) · s U3ᵀK_g b_q,i: the query bias term in the key latent.
            DMatrixRMaj c = engine.products().multiply(WeightMatrices.of(w.wk()), u3);
            double[] out = new double[g.nH() * u3.numCols];
            for (int i = 0; i < g.nH(); i++) {
                int group = g.group(i);
                for (int a = 0; a < u3.numCols; a++) {
                    double sum = 0;
                    for (int k = 0; k < g.dH(); k++) {
                        sum += c.data[(group * g.dH() + k) * u3.numCols + a] * bq[i * g.dH() + k];
                    }
                    out[i * u3.numCols + a] = scale * sum;
                }
            }
            tensors.add(new TuckerTensor("query_bias", new long[] {g.nH(), u3.numCols}, out));
        });
        return new SideResult(CoreStorage.DENSE, t.ranks(), t.relativeError(), t.iterations(), tensors);
    }

    /** {@code a = s·U2ᵀQ_i}, {@code c = U3ᵀK_g}, and the per-head biases (the key bias only under RoPE). */
    private static SideResult headFactored(
            AttentionWeights w, DMatrixRMaj u2, DMatrixRMaj u3, double scale, double error, int sweeps,
            boolean keepKeyBias, StorageChoice.Engine engine) {
        AttentionGeometry g = w.geometry();
        int width = g.dH();
        List<TuckerTensor> tensors = new ArrayList<>();
        tensors.add(matrix("u_query", u2, 1));
        tensors.add(matrix("u_key", u3, 1));
        tensors.add(new TuckerTensor("a", new long[] {g.nH(), u2.numCols, width}, WeightMatrices.headBlocks(
                engine.products().multiply(WeightMatrices.of(w.wq()), u2), g.nH(), width, scale)));
        tensors.add(new TuckerTensor("c", new long[] {g.nKV(), u3.numCols, width}, WeightMatrices.headBlocks(
                engine.products().multiply(WeightMatrices.of(w.wk()), u3), g.nKV(), width, 1)));
        w.bq().ifPresent(b -> tensors.add(vector("query_bias", new long[] {g.nH(), width}, b, scale)));
        Optional<float[]> bk = keepKeyBias ? w.bk() : Optional.empty();
        bk.ifPresent(b -> tensors.add(vector("key_bias", new long[] {g.nKV(), width}, b, 1)));
        int[] ranks = {g.nH(), u2.numCols, u3.numCols};
        return new SideResult(CoreStorage.HEAD_FACTORED, ranks, error, sweeps, tensors);
    }

    /** Parameters of the original query and key projections: what a {@code --budget} fraction is of. */
    static long originalParameters(AttentionGeometry g) {
        return (long) g.d() * (g.nH() + g.nKV()) * g.dH();
    }

    static TuckerTensor matrix(String name, DMatrixRMaj m, double scale) {
        return new TuckerTensor(name, new long[] {m.numRows, m.numCols}, WeightMatrices.values(m, scale));
    }

    static TuckerTensor vector(String name, long[] shape, float[] v, double scale) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = scale * v[k];
        }
        return new TuckerTensor(name, shape, out);
    }

    private PreSoftmaxSide() {}
}
