package org.tuckerattention.validation.runtime;

import ai.djl.ndarray.NDManager;

/**
 * One sequence being decoded: its KV cache and position. {@link #prefill} takes a prompt (or a
 * chunk of text) at once; {@link #next} feeds one more token. Not thread-safe; close when done.
 */
public final class DecodingSession implements AutoCloseable {

    private final Decoder decoder;
    private final NDManager manager;
    private final LayerCache[] caches;
    private int position;

    DecodingSession(Decoder decoder) {
        this.decoder = decoder;
        this.manager = decoder.manager().newSubManager();
        this.caches = decoder.newCaches();
    }

    /** Tokens seen so far. */
    public int position() {
        return position;
    }

    /** Feeds {@code tokens} after those seen; returns the logits after each of them. */
    public Logits prefill(int[] tokens) {
        return run(tokens, true);
    }

    /** Feeds {@code tokens} after those seen; returns the logits after the last of them only. */
    public Logits append(int... tokens) {
        return run(tokens, false);
    }

    /** Feeds one token; returns the logits of the token after it. */
    public Logits next(int token) {
        return run(new int[] {token}, false);
    }

    private Logits run(int[] tokens, boolean everyRow) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        if (position + tokens.length > decoder.maxPositions()) {
            throw new IllegalArgumentException((position + tokens.length) + " tokens exceed the model's context of "
                    + decoder.maxPositions());
        }
        try (NDManager step = manager.newSubManager()) {
            for (LayerCache c : caches) {
                c.attach(step);
            }
            Logits logits = decoder.step(tokens, caches, position, step, everyRow);
            for (LayerCache c : caches) {
                c.attach(manager);
            }
            position += tokens.length;
            return logits;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
