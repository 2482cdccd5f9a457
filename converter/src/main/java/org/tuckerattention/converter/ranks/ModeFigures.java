package org.tuckerattention.converter.ranks;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures every rendering of a {@link RankReport} prints for one mode of one tensor, computed once
 * from its spectrum so the table, Markdown, HTML and JSON cannot disagree (DESIGN §4).
 *
 * @param mode mode name: head, query|output or key|value
 * @param dim the mode's dimension
 * @param structural the largest rank the mechanism reaches by construction
 * @param numericalRank singular values above {@code threshold · σ_max}
 * @param energyRanks fewest singular values holding each of the report's energy fractions, in order
 * @param stableRank {@code Σσ² / σ_max²}
 */
record ModeFigures(String mode, int dim, int structural, int numericalRank, int[] energyRanks, double stableRank) {

    /** The figures of each mode of {@code t}, with the report's threshold and energy fractions. */
    static List<ModeFigures> of(TensorRanks t, double threshold, double[] energies) {
        List<ModeFigures> figures = new ArrayList<>();
        for (int n = 0; n < t.modes().size(); n++) {
            Spectrum s = t.spectra().get(n);
            int[] energyRanks = new int[energies.length];
            for (int e = 0; e < energies.length; e++) {
                energyRanks[e] = s.energyRank(energies[e]);
            }
            figures.add(new ModeFigures(t.modes().get(n), t.dims()[n], t.structural()[n],
                    s.rankAtRelativeThreshold(threshold), energyRanks, s.stableRank()));
        }
        return figures;
    }

    /** True when the mechanism keeps this mode below its dimension (e.g. GQA's shared key heads). */
    boolean capped() {
        return structural < dim;
    }
}
