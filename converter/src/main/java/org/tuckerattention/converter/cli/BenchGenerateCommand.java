package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.bench.GenerateBenchmark;
import org.tuckerattention.converter.bench.GenerateBenchmarkReport;
import org.tuckerattention.converter.bench.SyntheticLlama;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.validation.runtime.CausalModel;
import org.tuckerattention.validation.runtime.LoadedModel;
import org.tuckerattention.validation.runtime.Models;
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
            "Time prefill and decoding of a causal model, dense or Tucker, and report its KV-cache size.",
            "",
            "Each run prefills CTX - TOKENS seeded random tokens in one step, then decodes TOKENS tokens",
            "greedily one at a time through the KV cache, ending at context CTX. One untimed warm-up run",
            "comes first."
        })
final class BenchGenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "Hugging Face folder or llama2.c .bin file (or --shape instead).")
    Path model;

    @Option(names = "--shape", paramLabel = "SPEC",
            description = "Instead of MODEL, a seeded random Llama of this shape, e.g. "
                    + "d=4096,heads=32,kv-heads=8,layers=4,ffn=1024,vocab=512,ctx=4096 (Llama-3-8B attention).")
    String shape;

    @Option(names = "--ctx", paramLabel = "N", description = "Context reached at the end (default: 512, at most the model's).")
    Integer ctx;

    @Option(names = "--tokens", paramLabel = "M", defaultValue = "64",
            description = "Decoding steps timed. Default: ${DEFAULT-VALUE}.")
    int tokens;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Timed runs to report min/median/max over. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    DeviceOption device;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((model == null) == (shape == null)) {
            throw new ParameterException(spec.commandLine(), "give either MODEL or --shape");
        }
        String name = model != null ? model.toString() : "synthetic llama " + shape;
        try (LoadedModel loaded = model != null ? Models.open(model, device.device) : synthetic()) {
            if (!(loaded instanceof CausalModel causal)) {
                throw new CheckpointException(Path.of(name), "an encoder does not generate; bench generate needs a causal model");
            }
            int context = ctx != null ? ctx : Math.min(512, causal.maxPositions());
            if (tokens < 1 || tokens >= context || context > causal.maxPositions()) {
                throw new ParameterException(spec.commandLine(), "need 1 <= --tokens < --ctx <= "
                        + causal.maxPositions() + " (the model's context), got --tokens " + tokens + ", --ctx " + context);
            }
            GenerateBenchmark.run(causal, context, tokens, 0);
            List<GenerateBenchmark.Result> runs = new ArrayList<>();
            for (int i = 1; i <= Math.max(1, repeat); i++) {
                runs.add(GenerateBenchmark.run(causal, context, tokens, i));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json
                    ? GenerateBenchmarkReport.json(name, loaded.figures(), context, runs)
                    : GenerateBenchmarkReport.text(name, loaded.figures(), context, runs));
            out.flush();
        }
        return ExitCodes.OK;
    }

    private LoadedModel synthetic() {
        SyntheticLlama.Shape s;
        try {
            s = SyntheticLlama.Shape.parse(shape);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shape: " + e.getMessage());
        }
        return Models.load(SyntheticLlama.build(s, 345), device.device.resolve());
    }
}
