/** Text to token ids and back: llama2.c tokenizer files and Hugging Face {@code tokenizer.json}. */
package org.tuckerattention.validation.tokenizers;
