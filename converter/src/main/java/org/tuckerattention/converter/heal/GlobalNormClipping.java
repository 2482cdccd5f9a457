package org.tuckerattention.converter.heal;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * Scales gradients down, all by the same factor, so that their global L2 norm (over every parameter) is
 * at most a bound; the direction of the update is kept. DJL clips element-wise only.
 */
final class GlobalNormClipping {

    /** Clips {@code gradients} in place to global norm {@code max}; returns the norm before clipping. */
    static double clip(Collection<NDArray> gradients, double max) {
        double squares = 0;
        for (NDArray g : gradients) {
            try (NDArray s = g.square().sum()) {
                squares += s.getFloat();
            }
        }
        double norm = Math.sqrt(squares);
        if (norm > max) {
            for (NDArray g : gradients) {
                g.muli((float) (max / norm));
            }
        }
        return norm;
    }

    private GlobalNormClipping() {}
}
