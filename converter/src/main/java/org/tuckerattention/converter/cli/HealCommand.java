package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.heal.HealReport;
import org.tuckerattention.converter.heal.HealSettings;
import org.tuckerattention.converter.heal.Healing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "heal",
        mixinStandardHelpOptions = true,
        description = {
            "Distil a Tucker-attention checkpoint toward the model it was compressed from.",
            "",
            "Only the Tucker tensors (cores, factors, folded biases) are trained, with Adam at a warmup + cosine",
            "rate and global-norm clipping; the original runs without gradients. Causal models learn the",
            "original's next-token distributions (KL divergence), encoders its hidden states and pooled",
            "embedding (mean-squared error). Without --eval-text, the first half of --text trains and the second",
            "half is held out; the held-out metric (mean KLD, or mean cosine) is measured before training, every",
            "--eval-every steps and at the end, and the best parameters are written to OUTPUT in the format of",
            "COMPRESSED with a healing record. Written beside OUTPUT and renamed at the end; the inputs are only",
            "read. The state is saved at each evaluation in .OUTPUT.heal-state beside OUTPUT, so --resume continues",
            "an interrupted run; a finished run removes it."
        })
final class HealCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ORIGINAL", description = "The model COMPRESSED was made from.")
    Path original;

    @Parameters(index = "1", paramLabel = "COMPRESSED", description = "A checkpoint written by tucker compress.")
    Path compressed;

    @Parameters(index = "2", paramLabel = "OUTPUT", description = "Output folder; must not exist (see --force).")
    Path output;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "UTF-8 text to heal on.")
    Path text;

    @Option(names = "--eval-text", paramLabel = "FILE",
            description = "Held-out UTF-8 text; when given, all of --text trains.")
    Path evalText;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json or llama2.c tokenizer file, when none is beside the original model.")
    Path tokenizer;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "200", description = "Optimizer steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "3e-3",
            description = "Peak learning rate (use 1e-4 or less from an exact conversion). Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Warmup steps before the cosine decay to lr/10. Default: a tenth of --steps, at most 20.")
    Integer warmup;

    @Option(names = "--ctx", paramLabel = "N", defaultValue = "256",
            description = "Tokens per training window (causal) or at most per sentence (encoders). Default: ${DEFAULT-VALUE}.")
    int ctx;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "8", description = "Sequences per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the batch draws. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "1.0",
            description = "Largest global gradient norm. Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "50",
            description = "Steps between held-out evaluations and saved states. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--eval-size", paramLabel = "K", defaultValue = "16",
            description = "Held-out chunks of --ctx tokens (causal) or sentences (encoders) per evaluation."
                    + " Default: ${DEFAULT-VALUE}.")
    int evalSize;

    @Option(names = "--resume", description = "Continue from the state an interrupted run with the same settings saved.")
    boolean resume;

    @Option(names = "--force", description = "Replace OUTPUT if it exists.")
    boolean force;

    @Mixin
    DeviceOption device;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HealReport r = Healing.run(settings(), new HealProgressLines(out, System.console() != null));
        out.printf(Locale.ROOT, "wrote %s (parameters of step %d of %d%s)%n", r.output(), r.bestStep(), r.steps(),
                r.resumedFrom() > 0 ? ", resumed after step " + r.resumedFrom() : "");
        out.printf(Locale.ROOT, "  held out   %s -> %s%n", r.beforeSummary(), r.afterSummary());
        out.printf(Locale.ROOT, "  trained    %,d Tucker parameters, %.0f tokens/s%n", r.trainable(), r.tokensPerSecond());
        out.printf(Locale.ROOT, "  time       %.1f s%n", r.seconds());
        out.flush();
        return ExitCodes.OK;
    }

    /** The options as settings; out-of-range numbers are usage errors (exit 2). */
    HealSettings settings() {
        try {
            return new HealSettings(original, compressed, output, text, Optional.ofNullable(evalText),
                    Optional.ofNullable(tokenizer), steps, lr, warmup != null ? warmup : Math.min(20, steps / 10), ctx,
                    batch, seed, clip, evalEvery, evalSize, device.device, resume, force, VersionProvider.version());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
