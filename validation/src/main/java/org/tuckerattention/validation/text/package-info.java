/** Evaluation text: llama.cpp-style chunks of token ids for causal models, sentences for encoders. */
package org.tuckerattention.validation.text;
