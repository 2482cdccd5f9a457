package org.tuckerattention.converter.compress;

import java.util.List;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.converter.ranks.Spectrum;
import org.tuckerattention.converter.tucker.CoreStorage;
import org.tuckerattention.converter.tucker.FactoredTensor;
import org.tuckerattention.converter.tucker.Hooi;
import org.tuckerattention.converter.tucker.ModeGram;
import org.tuckerattention.converter.tucker.TuckerDecomposition;
import org.tuckerattention.converter.tucker.TuckerOptions;

/**
 * Decomposes one attention tensor for the core storage asked (DESIGN §5.2). Dense storage is the
 * Tucker decomposition at the resolved ranks; head-factored storage is the one at {@code (nH, r2, r3)},
 * whose U2, U3 give the per-head blocks. AUTO decomposes both at the same parameter budget — the dense
 * count at the resolved ranks, head-factored ranks scaled down until they fit it — and keeps the one
 * with the smaller error (within {@link #TIE}, the one with fewer parameters).
 */
final class StorageChoice {

    /** Errors closer than this count as equal: the norm identity resolves errors to about 1e-8. */
    static final double TIE = 1e-7;

    /** How decompositions run: HOOI sweeps after HOSVD, and the products backend. */
    record Engine(int sweeps, MatrixProducts products) {

        /** Options for fixed ranks {@code r}. */
        TuckerOptions at(int[] r) {
            return TuckerOptions.ranks(r).maxIterations(sweeps).products(products);
        }
    }

    /** A decomposition and the storage it is for. */
    record Chosen(CoreStorage storage, TuckerDecomposition decomposition) {

        long parameters(FactoredTensor x) {
            return storage.parameterCount(x, decomposition.ranks());
        }
    }

    /** The ranks {@code spec} gives for {@code gram}'s tensor, validated (full spectra only when needed). */
    static int[] resolve(ModeGram gram, RankSpec spec, long originalParameters) {
        FactoredTensor x = gram.tensor();
        List<Spectrum> spectra = spec.needsSpectra()
                ? List.of(gram.spectrum(1), gram.spectrum(2), gram.spectrum(3))
                : List.of();
        return spec.resolve(x.dims(), x.modeNames(), spectra, originalParameters);
    }

    static Chosen decompose(ModeGram gram, int[] ranks, CoreChoice choice, Engine engine) {
        FactoredTensor x = gram.tensor();
        if (choice == CoreChoice.DENSE) {
            return new Chosen(CoreStorage.DENSE, Hooi.decompose(gram, engine.at(ranks)));
        }
        int nH = x.heads();
        if (choice == CoreChoice.HEAD_FACTORED) {
            int[] hf = {nH, ranks[1], ranks[2]};
            RankSpec.validate(hf, x.dims(), x.modeNames());
            return new Chosen(CoreStorage.HEAD_FACTORED, Hooi.decompose(gram, engine.at(hf)));
        }
        Chosen dense = new Chosen(CoreStorage.DENSE, Hooi.decompose(gram, engine.at(ranks)));
        int[] hf = headFactoredWithin(x, ranks, dense.parameters(x));
        if (hf == null) {
            return dense;
        }
        Chosen factored = new Chosen(CoreStorage.HEAD_FACTORED, Hooi.decompose(gram, engine.at(hf)));
        double de = dense.decomposition().relativeError();
        double fe = factored.decomposition().relativeError();
        if (Math.abs(de - fe) <= TIE) {
            return dense.parameters(x) < factored.parameters(x) ? dense : factored;
        }
        return de < fe ? dense : factored;
    }

    /**
     * The head-factored ranks {@code (nH, r2', r3')}, at most {@code (r2, r3)} and in their proportion,
     * whose parameters fit {@code budget}; null when none is a valid Tucker triple.
     */
    static int[] headFactoredWithin(FactoredTensor x, int[] ranks, long budget) {
        int nH = x.heads();
        for (int r2 = ranks[1]; r2 >= 1; r2--) {
            int r3 = Math.max(1, (int) Math.floor((double) ranks[2] * r2 / ranks[1]));
            int[] hf = {nH, r2, r3};
            if (CoreStorage.HEAD_FACTORED.parameterCount(x, hf) <= budget) {
                return valid(hf, x) ? hf : null;
            }
        }
        return null;
    }

    private static boolean valid(int[] r, FactoredTensor x) {
        int[] dims = x.dims();
        for (int n = 0; n < 3; n++) {
            if (r[n] > dims[n] || r[n] > (long) r[(n + 1) % 3] * r[(n + 2) % 3]) {
                return false;
            }
        }
        return true;
    }


    private StorageChoice() {}
}
