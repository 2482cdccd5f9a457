package org.tuckerattention.validation.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A text cut as llama.cpp's {@code llama-perplexity} cuts it (DESIGN §8): the whole text tokenized
 * once, split into non-overlapping chunks of {@code ctx} tokens (the remainder dropped), the first
 * token of each chunk replaced by BOS when the model has one, and only the second half scored: the
 * logits at positions {@code firstScored .. ctx - 2} predict tokens {@code firstScored + 1 .. ctx - 1}.
 *
 * @param textTokens tokens of the whole text
 * @param chunks the chunks to run, each {@code ctx} ids
 */
public record TextChunks(int ctx, int firstScored, long textTokens, List<int[]> chunks) {

    /** At most {@code maxChunks} chunks of {@code ctx} of {@code tokens}; fails when not even one fits. */
    public static TextChunks of(int[] tokens, int ctx, int maxChunks, OptionalInt bos) {
        if (ctx < 4) {
            throw new IllegalArgumentException("--ctx " + ctx + " is too small (at least 4)");
        }
        int n = Math.min(tokens.length / ctx, maxChunks);
        if (n == 0) {
            throw new IllegalArgumentException("the text has " + tokens.length + " tokens, fewer than one chunk of "
                    + ctx + "; give a longer text or a smaller --ctx");
        }
        List<int[]> chunks = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            int[] chunk = Arrays.copyOfRange(tokens, c * ctx, (c + 1) * ctx);
            bos.ifPresent(b -> chunk[0] = b);
            chunks.add(chunk);
        }
        return new TextChunks(ctx, ctx / 2, tokens.length, List.copyOf(chunks));
    }

    /** Scored tokens of one chunk. */
    public int scoredPerChunk() {
        return ctx - 1 - firstScored;
    }

    public long scoredTokens() {
        return (long) chunks.size() * scoredPerChunk();
    }
}
