package org.tuckerattention.validation.runtime;

import org.tuckerattention.formats.hf.HfConfig;

/** A model ready to run: a causal language model or an encoder. Close it to free its native memory. */
public sealed interface LoadedModel extends AutoCloseable permits CausalModel, EncoderModel {

    HfConfig config();

    ModelFigures figures();

    /** The Tucker tensors to train in place; fails naming config.json when no layer is Tucker. */
    TuckerParameters tuckerParameters();

    @Override
    void close();
}
