package org.tuckerattention.converter.heal;

import java.nio.file.Path;
import java.util.Optional;
import org.tuckerattention.validation.runtime.ComputeDevice;

/**
 * Everything {@code tucker heal} was asked to do.
 *
 * @param original the checkpoint the compressed one was made from (the teacher)
 * @param compressed a Tucker-attention checkpoint written by {@code tucker compress} (the student)
 * @param output the healed checkpoint's folder
 * @param text UTF-8 text to heal on; without {@code evalText} its first half (of tokens, or of sentences for
 *     encoders) trains and its second half is held out
 * @param evalText held-out text, when given: then all of {@code text} trains
 * @param tokenizer the tokenizer, when none is beside the original
 * @param steps optimizer steps
 * @param lr peak learning rate
 * @param warmup steps of linear warmup before the cosine decay
 * @param ctx tokens per training window (causal models) or at most per sentence (encoders)
 * @param batch sequences per step
 * @param seed seed of the batch draws
 * @param clip largest global gradient norm; larger gradients are scaled down to it
 * @param evalEvery steps between held-out evaluations (and saved states)
 * @param evalSize held-out chunks of {@code ctx} tokens (causal) or sentences (encoders) per evaluation
 * @param resume continue from the state saved by an interrupted run with the same settings
 * @param force replace {@code output} if it exists
 * @param toolVersion written to the healing record
 */
public record HealSettings(Path original, Path compressed, Path output, Path text, Optional<Path> evalText,
        Optional<Path> tokenizer, int steps, double lr, int warmup, int ctx, int batch, long seed, double clip,
        int evalEvery, int evalSize, ComputeDevice device, boolean resume, boolean force, String toolVersion) {

    public HealSettings {
        require(steps >= 1, "--steps must be at least 1, got " + steps);
        require(lr > 0 && Double.isFinite(lr), "--lr must be a positive number, got " + lr);
        require(warmup >= 0 && warmup < steps, "--warmup must be between 0 and --steps - 1, got " + warmup);
        require(ctx >= 4, "--ctx must be at least 4, got " + ctx);
        require(batch >= 1, "--batch must be at least 1, got " + batch);
        require(clip > 0, "--clip must be positive, got " + clip);
        require(evalEvery >= 1, "--eval-every must be at least 1, got " + evalEvery);
        require(evalSize >= 1, "--eval-size must be at least 1, got " + evalSize);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** What determines the trajectory of a run: a resumed run must match it exactly. */
    String fingerprint(String textSha256, String evalTextSha256) {
        return String.join(";", original.toAbsolutePath().normalize().toString(),
                compressed.toAbsolutePath().normalize().toString(), textSha256, evalTextSha256,
                "steps=" + steps, "lr=" + lr, "warmup=" + warmup, "ctx=" + ctx, "batch=" + batch, "seed=" + seed,
                "clip=" + clip, "eval_every=" + evalEvery, "eval_size=" + evalSize);
    }
}
