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
 * @param contextMoments per layer, {@code E[z zᵀ]} of the output projection's input ({@code nH·dV} wide,
 *     row-major), for the baselines that whiten W_O; empty when not collected
 */
public record Calibration(int d, List<double[]> secondMoments, List<double[][]> offsetMass, TextIdentity text,
        List<double[]> contextMoments) {

    public Calibration {
        secondMoments = List.copyOf(secondMoments);
        offsetMass = List.copyOf(offsetMass);
        contextMoments = List.copyOf(contextMoments);
        if (!offsetMass.isEmpty() && offsetMass.size() != secondMoments.size()) {
            throw new IllegalArgumentException("attention mass for " + offsetMass.size() + " of "
                    + secondMoments.size() + " layers");
        }
    }

    /** The whitening of layer {@code layer}. */
    public Whitening whitening(int layer) {
        return Whitening.of(secondMoments.get(layer), d);
    }

    /** The whitening of layer {@code layer}'s output-projection input, when its second moment was collected. */
    public Optional<Whitening> contextWhitening(int layer) {
        if (contextMoments.isEmpty()) {
            return Optional.empty();
        }
        double[] m = contextMoments.get(layer);
        return Optional.of(Whitening.of(m, (int) Math.round(Math.sqrt(m.length))));
    }

    /** Layer {@code layer}'s attention mass per head and distance, when it was collected. */
    public Optional<double[][]> offsets(int layer) {
        return offsetMass.isEmpty() ? Optional.empty() : Optional.of(offsetMass.get(layer));
    }
}
