package org.tuckerattention.converter.compress;

import java.util.List;
import org.tuckerattention.converter.ranks.TensorSpectra;
import org.tuckerattention.converter.tucker.CoreStorage;
import org.tuckerattention.converter.tucker.FactoredTensor;

/**
 * One side of one layer as the global budget sees it ({@link BudgetPlan}): the storages it may take,
 * what each costs in stored values at given ranks, and the HOSVD estimate of its relative error.
 *
 * <p>The squared relative error is estimated by the HOSVD bound, the summed tail energies of the
 * truncated modes ({@link TensorSpectra#relativeTail}); head-factored storage keeps every head, so its
 * head tail is zero. For head RoPE the query and key tails are those of the offset-weighted Grams
 * ({@link RopeHeadFactors}).
 *
 * @param layer the layer index
 * @param side "pre-softmax" or "post-softmax"
 * @param spectra the mode spectra (dims (nH, I2, I3))
 * @param groups nG, the right factors of head-factored storage
 * @param width w, the inner width of head-factored blocks
 * @param storages the storages this side may take
 * @param evenKeyRank whether r3 must be even (latent RoPE rotates pairs of key-latent dimensions)
 * @param factoredBias bias values stored beside a head-factored core
 * @param denseBias bias values stored beside a dense core, besides {@code denseBiasPerKeyRank · r3}
 * @param denseBiasPerKeyRank bias values per key rank beside a dense core (the latent query bias, nH)
 */
record SideSpectra(int layer, String side, TensorSpectra spectra, int groups, int width, List<CoreStorage> storages,
        boolean evenKeyRank, long factoredBias, long denseBias, long denseBiasPerKeyRank) {

    SideSpectra {
        storages = List.copyOf(storages);
        if (storages.isEmpty()) {
            throw new IllegalArgumentException("a side needs at least one storage");
        }
    }

    /** A side whose shape is {@code x}'s. */
    static SideSpectra of(int layer, String side, TensorSpectra spectra, FactoredTensor x, List<CoreStorage> storages,
            boolean evenKeyRank, long factoredBias, long denseBias, long denseBiasPerKeyRank) {
        return new SideSpectra(layer, side, spectra, x.groups(), x.width(), storages, evenKeyRank, factoredBias,
                denseBias, denseBiasPerKeyRank);
    }

    int[] dims() {
        return spectra.dims();
    }

    /** This side allowed only {@code storage}, or itself when it does not allow it. */
    SideSpectra restrictedTo(CoreStorage storage) {
        if (!storages.contains(storage) || storages.size() == 1) {
            return this;
        }
        return new SideSpectra(layer, side, spectra, groups, width, List.of(storage), evenKeyRank, factoredBias,
                denseBias, denseBiasPerKeyRank);
    }

    /** Values stored for this side at {@code ranks}: factors, core or head blocks, and folded biases. */
    long parameters(CoreStorage storage, int[] ranks) {
        long bias = storage == CoreStorage.DENSE ? denseBias + denseBiasPerKeyRank * ranks[2] : factoredBias;
        return storage.parameterCount(dims(), groups, width, ranks) + bias;
    }
}
