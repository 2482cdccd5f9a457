/**
 * Reads Andrej Karpathy's llama2.c checkpoints (legacy v0 {@code .bin}) and tokenizer files into the
 * Hugging Face form the rest of the project expects (DESIGN §2, §10).
 *
 * <p>Names follow llama2.c's {@code run.c} so the two read side by side: {@code dim} (d), {@code
 * hidden_dim}, {@code n_layers}, {@code n_heads} (nH), {@code n_kv_heads} (nKV), {@code head_size} (dH
 * = dim / n_heads), {@code kv_dim} (nKV · dH), {@code vocab_size}, {@code seq_len}. Matrices are stored
 * {@code out × in}, as Hugging Face stores them (DESIGN §3).
 */
package org.tuckerattention.formats.llama2c;
