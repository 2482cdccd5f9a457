package org.tuckerattention.converter.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tuckerattention.converter.calibration.Whitening;
import org.tuckerattention.converter.tucker.CoreStorage;

/**
 * One compressed side of one layer (pre- or post-softmax): how it is stored, its ranks and error, and
 * the tensors docs/checkpoint-format.md names for it.
 *
 * @param storage the core storage chosen
 * @param ranks the ranks as stored; head-factored sides have {@code r1 = nH}
 * @param relativeError ‖X − X_r‖/‖X‖ of the side's tensor (for head RoPE: averaged over the weighted offsets;
 *     calibrated: of the whitened tensor)
 * @param hooiSweeps HOOI sweeps run after HOSVD
 * @param tensors the tensors to write, names relative to the side's prefix
 */
record SideResult(CoreStorage storage, int[] ranks, double relativeError, int hooiSweeps, List<TuckerTensor> tensors) {

    SideResult {
        ranks = ranks.clone();
        tensors = List.copyOf(tensors);
    }

    /** Values stored for this side: factors, core or head blocks, and folded biases. */
    long parameters() {
        return tensors.stream().mapToLong(TuckerTensor::elementCount).sum();
    }

    /**
     * This side of a weighted (whitened) tensor with its input-mode factors {@code names} mapped back,
     * {@code U = S⁻¹U'}; every other tensor stays (calibration/Whitening).
     */
    SideResult restored(Whitening whitening, Set<String> names) {
        List<TuckerTensor> out = new ArrayList<>();
        for (TuckerTensor t : tensors) {
            out.add(names.contains(t.name())
                    ? new TuckerTensor(t.name(), t.shape(),
                            whitening.restore(t.values(), (int) t.shape()[0], (int) t.shape()[1]))
                    : t);
        }
        return new SideResult(storage, ranks, relativeError, hooiSweeps, out);
    }

    /** Everything but the tensors, for the report. */
    SideSummary summary() {
        return new SideSummary(storage, ranks, relativeError, hooiSweeps, parameters());
    }
}
