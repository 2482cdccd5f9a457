package org.tuckerattention.converter.baselines;

import org.tuckerattention.formats.adapters.AttentionGeometry;

/** A budget given as a fraction of the original attention parameters, in weights per layer. */
final class Budgets {

    /** Parameters of one layer's biases, which every baseline keeps (or pools) rather than compresses. */
    static long biases(AttentionGeometry g) {
        return (g.qkvBias() ? (long) g.nH() * g.dH() + (long) g.nKV() * (g.dH() + g.dV()) : 0)
                + (g.outputBias() ? g.d() : 0);
    }

    /** Weight parameters per layer left for the projections within {@code fraction} of the original layer. */
    static long weights(AttentionGeometry g, double fraction) {
        if (!(fraction > 0)) {
            throw new IllegalArgumentException("a budget must be a positive fraction, got " + fraction);
        }
        return (long) Math.floor(fraction * g.parametersPerLayer()) - biases(g);
    }

    private Budgets() {}
}
