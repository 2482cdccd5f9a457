package org.tuckerattention.validation.comparison;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.tuckerattention.validation.runtime.ComputeDevice;

/**
 * What {@code tucker validate} compares and how.
 *
 * @param ctx chunk length for causal models (default: 512, at most the model's context); longest
 *     sentence in tokens for encoders (default: the model's context)
 * @param chunks most chunks (causal) or sentences (encoders) to run; default all chunks, 256 sentences
 * @param tokenizer the tokenizer file, when not found beside the original model
 */
public record ValidationSettings(Path original, Path candidate, Path text, OptionalInt ctx, OptionalInt chunks,
        Optional<Path> tokenizer, ComputeDevice device) {}
