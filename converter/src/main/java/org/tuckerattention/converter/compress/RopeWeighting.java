package org.tuckerattention.converter.compress;

import java.util.Locale;

/** How the head-RoPE Grams weight the rotation offsets (DESIGN §5.1). */
public enum RopeWeighting {
    /** Offset 0 only: the plain Grams. */
    ZERO,
    /** All angles alike: each rotary 2×2 block of a head Gram becomes half its trace times I₂. */
    UNIFORM,
    /** The original model's attention mass per distance, measured on calibration text. */
    ATTENTION;

    /** The value of {@code "rope_weighting"} in the config block. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
