package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.hf.HfConfig;

/** A causal language model loaded for inference; decode through {@link #newSession()}. */
public final class CausalModel implements LoadedModel {

    private final Checkpoint checkpoint;
    private final NDManager manager;
    private final Decoder decoder;
    private final AttentionLayer[] attention;
    private final ModelFigures figures;
    private final int vocab;

    CausalModel(Checkpoint checkpoint, NDManager manager, Decoder decoder, AttentionLayer[] attention,
            ModelFigures figures, int vocab) {
        this.checkpoint = checkpoint;
        this.manager = manager;
        this.decoder = decoder;
        this.attention = attention;
        this.figures = figures;
        this.vocab = vocab;
    }

    /** A new sequence with an empty KV cache. */
    public DecodingSession newSession() {
        return new DecodingSession(decoder);
    }

    /**
     * The next-token logits {@code (T, vocab)} after each of {@code tokens} (positions {@code 0 ..}), as
     * an array in {@code scope} that autograd can differentiate (no KV cache is kept).
     */
    public NDArray logits(int[] tokens, NDManager scope) {
        if (tokens.length == 0 || tokens.length > maxPositions()) {
            throw new IllegalArgumentException(tokens.length + " tokens; the model takes 1 to " + maxPositions());
        }
        return decoder.logits(tokens, decoder.newCaches(), 0, scope, true);
    }

    @Override
    public TuckerParameters tuckerParameters() {
        return TuckerParameters.of(attention, this);
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
