package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDManager;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;

/** A causal language model loaded for inference; decode through {@link #newSession()}. */
public final class CausalModel implements LoadedModel {

    private final Checkpoint checkpoint;
    private final NDManager manager;
    private final Decoder decoder;
    private final ModelFigures figures;
    private final int vocab;

    CausalModel(Checkpoint checkpoint, NDManager manager, Decoder decoder, ModelFigures figures, int vocab) {
        this.checkpoint = checkpoint;
        this.manager = manager;
        this.decoder = decoder;
        this.figures = figures;
        this.vocab = vocab;
    }

    /** A new sequence with an empty KV cache. */
    public DecodingSession newSession() {
        return new DecodingSession(decoder);
    }

    public int vocabSize() {
        return vocab;
    }

    /** Longest context the model takes. */
    public int maxPositions() {
        return decoder.maxPositions();
    }

    @Override
    public HfConfig config() {
        return checkpoint.config();
    }

    @Override
    public ModelFigures figures() {
        return figures;
    }

    @Override
    public void close() {
        manager.close();
        checkpoint.close();
    }
}
