package org.tuckerattention.converter.compress;

import org.tuckerattention.converter.tucker.CoreStorage;

/**
 * What the report and config.json say about one compressed side of one layer.
 *
 * @param storage the core storage chosen
 * @param ranks the ranks as stored (head-factored: {@code r1 = nH})
 * @param relativeError ‖X − X_r‖/‖X‖ (head RoPE: averaged over the weighted offsets)
 * @param hooiSweeps HOOI sweeps run after HOSVD
 * @param parameters values stored for the side, folded biases included
 */
public record SideSummary(CoreStorage storage, int[] ranks, double relativeError, int hooiSweeps, long parameters) {

    public SideSummary {
        ranks = ranks.clone();
    }

    @Override
    public int[] ranks() {
        return ranks.clone();
    }

    /** The storage as config.json names it: "dense" or "head-factored". */
    public String storageName() {
        return storage == CoreStorage.DENSE ? "dense" : "head-factored";
    }
}
