package org.tuckerattention.converter.compress;

import java.util.Locale;

/** Where RoPE lives in the compressed model (DESIGN §5.1), as written in config.json. */
public enum RopeStrategy {
    /** The model has no rotary embedding. */
    NONE,
    /** Per head, as the original model: the pre-softmax side is head-factored; exact at full rank. */
    HEAD,
    /** In the r3-wide latent key space (the paper's form): a dense core, a changed positional kernel. */
    LATENT,
    /**
     * MLA (DESIGN §7): the decoupled RoPE part of the logits stays as it is (per-head rope queries, one
     * shared rope key); the Tucker part has no rotation. Chosen for MLA models, never asked for.
     */
    DECOUPLED;

    /** The value of {@code "rope"} in the config block. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
