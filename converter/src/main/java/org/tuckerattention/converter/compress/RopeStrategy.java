package org.tuckerattention.converter.compress;

import java.util.Locale;

/** Where RoPE lives in the compressed model (DESIGN §5.1), as written in config.json. */
public enum RopeStrategy {
    /** The model has no rotary embedding. */
    NONE,
    /** Per head, as the original model: the pre-softmax side is head-factored; exact at full rank. */
    HEAD,
    /** In the r3-wide latent key space (the paper's form): a dense core, a changed positional kernel. */
    LATENT;

    /** The value of {@code "rope"} in the config block. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
