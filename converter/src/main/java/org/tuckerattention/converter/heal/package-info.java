/**
 * {@code tucker heal}: knowledge distillation of a Tucker-attention checkpoint toward the model it was
 * compressed from (DESIGN §9). Only the Tucker tensors (cores, factors, folded biases) are trained, with
 * the runtime's own forward pass under DJL autograd; everything else is frozen and the original runs
 * without gradients. Causal models learn the original's next-token distributions (KL divergence),
 * encoders its hidden states and pooled embedding (mean-squared error).
 */
package org.tuckerattention.converter.heal;
