/**
 * The inference runtime: dense and Tucker-attention forward passes on DJL's PyTorch engine, float32,
 * with a KV cache for prefill and incremental decoding (DESIGN §5, §5.1, §5.2).
 *
 * <p>Names after DESIGN §3 and docs/checkpoint-format.md: {@code d} model width, {@code nH} query
 * heads, {@code nKV} key/value groups, {@code dH} head width, {@code T} new tokens of a step,
 * {@code Tk} tokens in the cache after it, ranks {@code r1..r3} (pre-softmax) and {@code s1..s3}
 * (post-softmax). Activations of one step are {@code (T, d)}; per-head tensors {@code (nH, T, w)}.
 *
 * <p>Memory: weights live in the model's {@link ai.djl.ndarray.NDManager}; each step runs in a
 * sub-manager closed at its end. DJL attaches an operation's result to its first operand's manager,
 * so every operation here takes an activation (never a weight) as its first operand.
 */
package org.tuckerattention.validation.runtime;
