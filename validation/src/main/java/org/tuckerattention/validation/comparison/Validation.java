package org.tuckerattention.validation.comparison;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.EncoderModel;
import org.tuckerattention.validation.runtime.LoadedModel;
import org.tuckerattention.validation.runtime.Models;
import org.tuckerattention.validation.text.TextFiles;
import org.tuckerattention.validation.text.Sentences;
import org.tuckerattention.validation.text.TextChunks;
import org.tuckerattention.validation.tokenizers.TextTokenizer;
import org.tuckerattention.validation.tokenizers.Tokenizers;

/** {@code tucker validate}: loads both models and the text, runs them on the same tokens, reports (DESIGN §8). */
public final class Validation {

    static final int DEFAULT_CTX = 512;
    static final int DEFAULT_SENTENCES = 256;

    public static ValidationReport run(ValidationSettings s, CausalComparison.Progress progress) {
        String text = TextFiles.read(s.text());
        long t0 = System.nanoTime();
        try (LoadedModel original = Models.open(s.original(), s.device());
                LoadedModel candidate = Models.open(s.candidate(), s.device())) {
            double load = (System.nanoTime() - t0) / 1e9;
            int vocab = original.config().requirePositiveInt("vocab_size");
            int candidateVocab = candidate.config().requirePositiveInt("vocab_size");
            if (vocab != candidateVocab || original.getClass() != candidate.getClass()) {
                throw new CheckpointException(s.candidate(), "not a version of the original model (" + candidate.config()
                        .modelType() + ", vocabulary " + candidateVocab + " vs " + original.config().modelType()
                        + ", vocabulary " + vocab + ")");
            }
            try (TextTokenizer tok = Tokenizers.forModel(s.original(), vocab, s.tokenizer())) {
                List<LayerDecomposition> layers = LayerDecomposition.of(candidate.config());
                if (original instanceof CausalModel p) {
                    return causal(s, p, (CausalModel) candidate, tok, text, layers, load, progress);
                }
                return encoder(s, (EncoderModel) original, (EncoderModel) candidate, tok, text, layers, load);
            }
        }
    }

    private static ValidationReport causal(ValidationSettings s, CausalModel p, CausalModel q, TextTokenizer tok,
            String text, List<LayerDecomposition> layers, double load, CausalComparison.Progress progress) {
        int ctx = s.ctx().orElse(Math.min(DEFAULT_CTX, p.maxPositions()));
        if (ctx < 4 || ctx > p.maxPositions()) {
            throw new InvalidSettingException("--ctx " + ctx + ": must be between 4 and the model's context of "
                    + p.maxPositions());
        }
        int[] tokens = tok.encodePlain(text);
        if (tokens.length < ctx) {
            throw new CheckpointException(s.text(), tokens.length + " tokens, fewer than one chunk of " + ctx
                    + "; give a longer text or a smaller --ctx");
        }
        OptionalInt bos = p.config().optionalInt("bos_token_id").map(OptionalInt::of).orElse(OptionalInt.empty());
        TextChunks chunks = TextChunks.of(tokens, ctx, s.chunks().orElse(Integer.MAX_VALUE), bos);
        CausalResult r = CausalComparison.run(p, q, chunks, progress);
        String scoring = ("%d chunks of %d tokens (of %d in the text), first token BOS%s, second half scored: %d "
                + "tokens each, %d in all").formatted(chunks.chunks().size(), ctx, tokens.length / ctx,
                        bos.isPresent() ? " (" + bos.getAsInt() + ")" : " (none: the model has no BOS)",
                        chunks.scoredPerChunk(), chunks.scoredTokens());
        return new ValidationReport(s, p.figures(), q.figures(), describe(s.text(), tokens.length, tok), scoring,
                Optional.of(r), Optional.empty(), layers, load, Verdict.of(r));
    }

    private static ValidationReport encoder(ValidationSettings s, EncoderModel p, EncoderModel q, TextTokenizer tok,
            String text, List<LayerDecomposition> layers, double load) {
        int longest = s.ctx().orElse(p.maxPositions());
        List<int[]> ids = new ArrayList<>();
        long tokens = 0;
        int truncated = 0;
        for (String sentence : Sentences.of(text, s.chunks().orElse(DEFAULT_SENTENCES), 3)) {
            int[] t = tok.encode(sentence);
            tokens += t.length;
            if (t.length > longest) {
                t = java.util.Arrays.copyOf(t, longest);
                truncated++;
            }
            ids.add(t);
        }
        if (ids.isEmpty()) {
            throw new CheckpointException(s.text(), "no sentence of three words or more");
        }
        EncoderResult r = EncoderComparison.run(p, q, ids);
        String scoring = "%d sentences, %d tokens, each encoded alone%s".formatted(ids.size(), r.tokens(),
                truncated > 0 ? "; " + truncated + " cut to " + longest + " tokens" : "");
        return new ValidationReport(s, p.figures(), q.figures(), describe(s.text(), tokens, tok), scoring,
                Optional.empty(), Optional.of(r), layers, load, Verdict.of(r));
    }

    private static String describe(Path text, long tokens, TextTokenizer tok) {
        return "%s: %,d tokens by %s".formatted(text.getFileName(), tokens, tok.description());
    }

    private Validation() {}
}
