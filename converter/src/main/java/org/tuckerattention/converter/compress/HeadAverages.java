package org.tuckerattention.converter.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.tuckerattention.formats.adapters.AttentionGeometry;

/**
 * Per query head i, how the head-RoPE Grams average over the rotations (DESIGN §5.1): {@code keys(i)}
 * averages {@code K_gᵀK_g} for the query side's Gram, {@code queries(i)} averages {@code Q_iᵀQ_i} for
 * the key side's — the adjoint of the first, so that both Grams and the error measure the same
 * {@code E_δ ‖Q_i R(δ) K_gᵀ‖²}.
 */
record HeadAverages(List<UnaryOperator<DMatrixRMaj>> keys, List<UnaryOperator<DMatrixRMaj>> queries) {

    /** The weighting's averages; ATTENTION reads {@code mass[head][δ]}, which the other weightings ignore. */
    static HeadAverages of(AttentionGeometry g, RopeWeighting weighting, Optional<double[][]> mass) {
        List<UnaryOperator<DMatrixRMaj>> keys = new ArrayList<>();
        List<UnaryOperator<DMatrixRMaj>> queries = new ArrayList<>();
        for (int i = 0; i < g.nH(); i++) {
            if (weighting == RopeWeighting.ATTENTION) {
                double[][] m = mass.orElseThrow(() -> new IllegalArgumentException(
                        "the attention weighting needs the attention mass of calibration text"));
                OffsetAverage a = OffsetAverage.of(g.rope(), g.dH(), m[i]);
                keys.add(a::apply);
                queries.add(a.adjoint()::apply);
            } else {
                // ZERO and UNIFORM are their own adjoints.
                RotaryAverage a = RotaryAverage.of(g.rope(), weighting, g.dH());
                keys.add(a::apply);
                queries.add(a::apply);
            }
        }
        return new HeadAverages(List.copyOf(keys), List.copyOf(queries));
    }
}
