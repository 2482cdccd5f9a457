package org.tuckerattention.converter.heal;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Adam (Kingma & Ba 2015; β1 0.9, β2 0.999, ε 1e-8, no weight decay: the start point is a good model,
 * not a random one to regularise) updating arrays in place. Written here rather than taken from DJL's
 * optimizer because the moments must be saved and restored for {@code --resume}, and DJL keeps them
 * private.
 */
final class Adam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final SortedMap<String, NDArray> first = new TreeMap<>();
    private final SortedMap<String, NDArray> second = new TreeMap<>();

    /** Fresh moments (zeros) for {@code parameters}, on their devices. */
    Adam(Map<String, NDArray> parameters) {
        parameters.forEach((name, p) -> {
            first.put(name, p.zerosLike());
            second.put(name, p.zerosLike());
        });
    }

    /**
     * One update of {@code parameter} by {@code gradient} at rate {@code lr}; {@code step} counts from 1
     * (bias correction).
     */
    void update(String name, NDArray parameter, NDArray gradient, double lr, int step) {
        NDArray m = first.get(name);
        NDArray v = second.get(name);
        // Temporaries land in the parameters' manager (the model's), so each is closed here.
        try (NDArray g = gradient.mul(1 - BETA1)) {
            m.muli(BETA1).addi(g);
        }
        try (NDArray g2 = gradient.square()) {
            v.muli(BETA2).addi(g2.muli(1 - BETA2));
        }
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        try (NDArray corrected = v.div((float) correction2);
                NDArray denominator = corrected.sqrt();
                NDArray change = m.mul((float) (lr / correction1))) {
            parameter.subi(change.divi(denominator.addi(EPSILON)));
        }
    }

    /** The first moments by parameter name (live arrays: copy before changing the parameters). */
    SortedMap<String, NDArray> firstMoments() {
        return first;
    }

    SortedMap<String, NDArray> secondMoments() {
        return second;
    }
}
