package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.validation.generation.GenerationStats;
import org.tuckerattention.validation.generation.TextGeneration;
import org.tuckerattention.validation.generation.TokenSampler;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.LoadedModel;
import org.tuckerattention.validation.runtime.Models;
import org.tuckerattention.validation.tokenizers.TextTokenizer;
import org.tuckerattention.validation.tokenizers.Tokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a prompt with a causal model, dense or Tucker, streaming the text as it decodes.",
            "",
            "Greedy at temperature 0, else sampled from softmax(logits / T) with a seeded generator.",
            "The prompt is echoed first; speeds go to stderr at the end."
        })
final class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face folder or llama2.c .bin file.")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue (may be empty).")
    String prompt;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "100",
            description = "Tokens to generate at most. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "Sampling temperature; 0 is greedy. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json or llama2.c tokenizer file, when none is beside the model.")
    Path tokenizer;

    @Mixin
    DeviceOption device;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxTokens < 1) {
            throw new ParameterException(spec.commandLine(), "--max-tokens must be at least 1, got " + maxTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new ParameterException(spec.commandLine(), "--temperature must be finite and at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedModel loaded = Models.open(model, device.device)) {
            if (!(loaded instanceof CausalModel causal)) {
                throw new CheckpointException(model, "an encoder cannot generate text; use tucker embed");
            }
            try (TextTokenizer tok = Tokenizers.forModel(model, causal.vocabSize(), Optional.ofNullable(tokenizer))) {
                GenerationStats stats = TextGeneration.run(causal, tok, prompt, maxTokens,
                        new TokenSampler(temperature, seed), piece -> {
                            out.print(piece);
                            out.flush();
                        });
                out.println();
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                err.println(String.format(Locale.ROOT,
                        "[%d prompt tokens in %.3f s; %d generated in %.3f s, %.1f tokens/s; stopped: %s; %s]",
                        stats.promptTokens(), stats.prefillSeconds(), stats.generatedTokens(), stats.decodeSeconds(),
                        stats.generatedTokens() / Math.max(stats.decodeSeconds(), 1e-9), stats.stop(),
                        loaded.figures().device()));
                err.flush();
            }
        }
        return ExitCodes.OK;
    }
}
