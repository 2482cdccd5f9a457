package org.tuckerattention.converter.calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.ComputeDevice;
import org.tuckerattention.validation.runtime.DecodingSession;
import org.tuckerattention.validation.runtime.EncoderModel;
import org.tuckerattention.validation.runtime.LoadedModel;
import org.tuckerattention.validation.runtime.Models;
import org.tuckerattention.validation.text.LineSample;
import org.tuckerattention.validation.text.Sentences;
import org.tuckerattention.validation.text.TextChunks;
import org.tuckerattention.validation.tokenizers.TextTokenizer;
import org.tuckerattention.validation.tokenizers.Tokenizers;

/**
 * Runs the original model on calibration text in the project's runtime and collects a {@link Calibration}.
 * The text is tokenized by the model's own tokenizer as {@code tucker validate} does: causal models read
 * it in chunks of {@link #MAX_CTX} tokens (or the model's context if shorter), the first of each BOS;
 * encoders read its sentences one at a time. At most {@code maxTokens} tokens are read (at least one chunk).
 */
public final class CalibrationRun {

    /** Chunk length for causal models: DESIGN §9's context, and cheap enough for the attention mass. */
    public static final int MAX_CTX = 256;

    /** Tokens read unless asked otherwise. */
    public static final int DEFAULT_TOKENS = 16384;

    public static Calibration collect(Path model, Path text, int maxTokens, Optional<Path> tokenizer,
            ComputeDevice device) {
        return collect(model, text, maxTokens, tokenizer, device, false);
    }

    /**
     * As {@link #collect(Path, Path, int, Optional, ComputeDevice)}; with {@code context}, also the second moment
     * of every output projection's input (what whitened per-matrix baselines need for W_O).
     */
    public static Calibration collect(Path model, Path text, int maxTokens, Optional<Path> tokenizer,
            ComputeDevice device, boolean context) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("--calib-tokens must be at least 1, got " + maxTokens);
        }
        byte[] bytes = read(text);
        String content = decode(text, bytes);
        AttentionGeometry g;
        try (Checkpoint ckpt = Checkpoints.open(model)) {
            g = Adapters.forConfig(ckpt.config()).geometry(ckpt.config());
            if (g.mla().isPresent()) {
                throw new CheckpointException(ckpt.config().file(), "calibration of MLA attention is not supported yet");
            }
        }
        Collector collector = new Collector(g.layers(), g.d(), g.nH());
        if (context) {
            collector.collectContext(g.nH() * g.dV());
        }
        long used;
        try (LoadedModel m = Models.open(model, device, collector);
                TextTokenizer tok = Tokenizers.forModel(model, m.config().requirePositiveInt("vocab_size"), tokenizer)) {
            if (m instanceof CausalModel c) {
                int ctx = Math.min(MAX_CTX, c.maxPositions());
                if (g.rope().present()) {
                    // Only head RoPE uses the attention mass: it weights the causal offsets.
                    collector.collectMass(ctx);
                }
                used = causal(c, tok, content, ctx, maxTokens, text);
            } else {
                used = encoder((EncoderModel) m, tok, content, maxTokens, text);
            }
        }
        List<double[]> moments = new ArrayList<>();
        List<double[][]> mass = new ArrayList<>();
        List<double[]> contexts = new ArrayList<>();
        for (int l = 0; l < g.layers(); l++) {
            moments.add(collector.secondMoment(l));
            collector.offsetMass(l).ifPresent(mass::add);
            collector.contextMoment(l).ifPresent(contexts::add);
        }
        TextIdentity identity = new TextIdentity(text.getFileName().toString(), LineSample.sha256Hex(bytes), used,
                List.copyOf(LineSample.of(content)));
        return new Calibration(g.d(), moments, mass, identity, contexts);
    }

    private static long causal(CausalModel m, TextTokenizer tok, String content, int ctx, int maxTokens, Path text) {
        int[] tokens = tok.encodePlain(content);
        OptionalInt bos = m.config().optionalInt("bos_token_id").map(OptionalInt::of).orElse(OptionalInt.empty());
        TextChunks chunks;
        try {
            chunks = TextChunks.of(tokens, ctx, Math.max(1, maxTokens / ctx), bos);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(text, e.getMessage().replace("--ctx", "the calibration context"));
        }
        for (int[] chunk : chunks.chunks()) {
            try (DecodingSession s = m.newSession()) {
                s.append(chunk);
            }
        }
        return (long) chunks.chunks().size() * ctx;
    }

    private static long encoder(EncoderModel m, TextTokenizer tok, String content, int maxTokens, Path text) {
        long used = 0;
        for (String sentence : Sentences.of(content, Integer.MAX_VALUE, 3)) {
            int[] ids = tok.encode(sentence);
            ids = Arrays.copyOf(ids, Math.min(ids.length, m.maxPositions()));
            m.encode(ids);
            used += ids.length;
            if (used >= maxTokens) {
                break;
            }
        }
        if (used == 0) {
            throw new CheckpointException(text, "no sentence of three words or more");
        }
        return used;
    }

    private static byte[] read(Path text) {
        try {
            return Files.readAllBytes(text);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(text, "no such text file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(Path text, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CheckpointException(text, "not UTF-8 text");
        }
    }

    private CalibrationRun() {}
}
