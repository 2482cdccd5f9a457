package org.tuckerattention.converter.calibration;

import java.util.List;
import java.util.Optional;

/**
 * What a calibration run measured on the original model: per layer the second moment {@code Σ = E[x xᵀ]}
 * of the attention input, and for head-RoPE models per layer and head the attention mass at each
 * distance (DESIGN §5.1, the {@code attention} offset weighting).
 *
 * @param secondMoments per layer, d × d row-major
 * @param offsetMass per layer, {@code [head][δ]}: the mean attention weight at distance δ; empty when not collected
 * @param text the calibration text
 */
public record Calibration(int d, List<double[]> secondMoments, List<double[][]> offsetMass, TextIdentity text) {

    public Calibration {
        secondMoments = List.copyOf(secondMoments);
        offsetMass = List.copyOf(offsetMass);
        if (!offsetMass.isEmpty() && offsetMass.size() != secondMoments.size()) {
            throw new IllegalArgumentException("attention mass for " + offsetMass.size() + " of "
                    + secondMoments.size() + " layers");
        }
    }

    /** The whitening of layer {@code layer}. */
    public Whitening whitening(int layer) {
        return Whitening.of(secondMoments.get(layer), d);
    }

    /** Layer {@code layer}'s attention mass per head and distance, when it was collected. */
    public Optional<double[][]> offsets(int layer) {
        return offsetMass.isEmpty() ? Optional.empty() : Optional.of(offsetMass.get(layer));
    }
}
