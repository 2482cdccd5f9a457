package org.tuckerattention.validation.runtime;

import org.tuckerattention.formats.hf.HfConfig;

/** A model ready to run: a causal language model or an encoder. Close it to free its native memory. */
public sealed interface LoadedModel extends AutoCloseable permits CausalModel, EncoderModel {

    HfConfig config();

    ModelFigures figures();

    @Override
    void close();
}
