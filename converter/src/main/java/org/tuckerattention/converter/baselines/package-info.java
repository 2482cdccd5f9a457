/**
 * Training-free baseline conversions of attention (GQA mean-pooling, an MLA-style shared key/value latent,
 * per-matrix truncated SVD), written as dense checkpoints of the original shapes that the runtime runs as they
 * are, with what each mechanism would store counted in closed form.
 */
package org.tuckerattention.converter.baselines;
