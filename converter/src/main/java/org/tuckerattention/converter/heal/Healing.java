package org.tuckerattention.converter.heal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.validation.comparison.InvalidSettingException;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.EncoderModel;
import org.tuckerattention.validation.runtime.LoadedModel;
import org.tuckerattention.validation.runtime.Models;
import org.tuckerattention.validation.runtime.TuckerParameters;
import org.tuckerattention.validation.text.LineSample;
import org.tuckerattention.validation.text.Sentences;
import org.tuckerattention.validation.text.TextChunks;
import org.tuckerattention.validation.text.TextFiles;
import org.tuckerattention.validation.tokenizers.TextTokenizer;
import org.tuckerattention.validation.tokenizers.Tokenizers;

/**
 * {@code tucker heal}: checks that COMPRESSED is a Tucker checkpoint made from ORIGINAL, splits the text into
 * training and held-out parts, runs the {@link TrainingLoop} and writes the best parameters as a checkpoint
 * of the same format with a healing record (docs/checkpoint-format.md). Inputs are only read.
 */
public final class Healing {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static HealReport run(HealSettings s, HealProgress progress) {
        long t0 = System.nanoTime();
        Path target = s.output().toAbsolutePath().normalize();
        if (Files.exists(target) && !s.force()) {
            throw new CheckpointException(target, "already exists; pass --force to replace it");
        }
        for (Path input : List.of(s.original(), s.compressed())) {
            if (input.toAbsolutePath().normalize().startsWith(target)) {
                throw new CheckpointException(target, "is (or holds) an input; choose another output folder");
            }
        }
        String text = TextFiles.read(s.text());
        Optional<String> evalText = s.evalText().map(TextFiles::read);
        try (Checkpoint originalFiles = Checkpoints.open(s.original());
                Checkpoint compressedFiles = Checkpoints.open(s.compressed())) {
            SourceCheck.requireSameModel(originalFiles, compressedFiles);
            try (LoadedModel original = Models.open(s.original(), s.device());
                    LoadedModel compressed = Models.open(s.compressed(), s.device());
                    TextTokenizer tok = Tokenizers.forModel(s.original(), original.config().requirePositiveInt(
                            "vocab_size"), s.tokenizer())) {
                TuckerParameters parameters = compressed.tuckerParameters();
                Distillation task = original instanceof CausalModel p
                        ? causal(s, p, (CausalModel) compressed, tok, text, evalText)
                        : encoder(s, (EncoderModel) original, (EncoderModel) compressed, tok, text, evalText);
                String textSha = sha256(text);
                String evalSha = evalText.map(Healing::sha256).orElse("");
                Path state = HealState.folder(s.output());
                TrainingLoop.Outcome o = TrainingLoop.run(task, parameters, s, s.fingerprint(textSha, evalSha), state,
                        progress);
                HealedCheckpoint.write(compressedFiles, o.best(), record(s, task, o, textSha, evalSha), s.output(),
                        s.force());
                HealState.delete(state);
                long trainable = parameters.tensors().values().stream().mapToLong(a -> a.size()).sum();
                HeldOut before = o.initial();
                HeldOut after = o.bestEvaluation();
                return new HealReport(target, before.metric(), before.value(), after.value(), before.summary(),
                        after.summary(), s.steps(), o.bestStep(), o.resumedFrom(), trainable,
                        o.tokens() / Math.max(1e-9, o.seconds()), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private static Distillation causal(HealSettings s, CausalModel p, CausalModel q, TextTokenizer tok, String text,
            Optional<String> evalText) {
        if (s.ctx() > p.maxPositions()) {
            throw new InvalidSettingException("--ctx " + s.ctx() + " exceeds the model's context of " + p.maxPositions());
        }
        int[] all = tok.encodePlain(text);
        int[] train = evalText.isPresent() ? all : Arrays.copyOfRange(all, 0, all.length / 2);
        int[] held = evalText.isPresent() ? tok.encodePlain(evalText.get()) : Arrays.copyOfRange(all, all.length / 2,
                all.length);
        if (train.length <= s.ctx()) {
            throw new CheckpointException(s.text(), train.length + " training tokens, not more than one window of --ctx "
                    + s.ctx() + "; give a longer text or a smaller --ctx");
        }
        OptionalInt bos = p.config().optionalInt("bos_token_id").map(OptionalInt::of).orElse(OptionalInt.empty());
        TextChunks chunks;
        try {
            chunks = TextChunks.of(held, s.ctx(), s.evalSize(), bos);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(s.evalText().orElse(s.text()), "held-out part: " + e.getMessage());
        }
        return new CausalDistillation(p, q, train, chunks, s.ctx(), s.batch(), s.seed(), bos);
    }

    private static Distillation encoder(HealSettings s, EncoderModel p, EncoderModel q, TextTokenizer tok, String text,
            Optional<String> evalText) {
        int longest = Math.min(s.ctx(), p.maxPositions());
        List<int[]> all = sentences(tok, text, longest);
        List<int[]> train = evalText.isPresent() ? all : all.subList(0, all.size() / 2);
        List<int[]> held = evalText.isPresent() ? sentences(tok, evalText.get(), longest)
                : all.subList(all.size() / 2, all.size());
        if (train.isEmpty() || held.isEmpty()) {
            throw new CheckpointException(s.text(), "too few sentences of three words or more to heal on and hold out");
        }
        return new EncoderDistillation(p, q, train, held.subList(0, Math.min(held.size(), s.evalSize())), s.batch(),
                s.seed());
    }

    private static List<int[]> sentences(TextTokenizer tok, String text, int longest) {
        List<int[]> out = new ArrayList<>();
        for (String sentence : Sentences.of(text, Integer.MAX_VALUE, 3)) {
            int[] ids = tok.encode(sentence);
            out.add(ids.length > longest ? Arrays.copyOf(ids, longest) : ids);
        }
        return out;
    }

    /** The {@code healing} record of the tucker_attention block (docs/checkpoint-format.md). */
    private static ObjectNode record(HealSettings s, Distillation task, TrainingLoop.Outcome o, String textSha,
            String evalSha) {
        ObjectNode r = JSON.createObjectNode();
        r.put("steps", s.steps());
        r.put("lr", s.lr());
        r.put("warmup", s.warmup());
        r.put("schedule", "cosine");
        r.put("optimizer", "adam");
        r.put("clip", s.clip());
        r.put("loss", task.lossName());
        r.put("ctx", s.ctx());
        r.put("batch", s.batch());
        r.put("seed", s.seed());
        r.put("text_sha256", textSha);
        r.put("held_out", evalSha.isEmpty() ? "second_half" : "eval_text");
        if (!evalSha.isEmpty()) {
            r.put("eval_text_sha256", evalSha);
        }
        r.put("best_step", o.bestStep());
        ObjectNode metric = r.putObject("held_out_metric");
        metric.put("name", o.initial().metric());
        metric.put("before", o.initial().value());
        metric.put("after", o.bestEvaluation().value());
        ArrayNode history = r.putArray("evaluations");
        for (HeldOut h : o.evaluations()) {
            history.addObject().put("step", h.step()).put("value", h.value());
        }
        r.put("tool_version", s.toolVersion());
        return r;
    }

    /** The SHA-256 of the text's UTF-8 bytes: that of its file, which it was read from without change. */
    private static String sha256(String text) {
        return LineSample.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private Healing() {}
}
