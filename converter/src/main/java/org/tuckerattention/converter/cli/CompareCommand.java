package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.calibration.CalibrationRun;
import org.tuckerattention.converter.compare.CompareFiles;
import org.tuckerattention.converter.compare.CompareRow;
import org.tuckerattention.converter.compare.CompareSettings;
import org.tuckerattention.converter.compare.Comparison;
import org.tuckerattention.converter.compress.CompressSettings.CalibrationText;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.validation.comparison.CalibrationOverlap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Tucker against training-free baselines at equal attention-parameter budgets.",
            "",
            "At each budget: MLA-style joint key/value latent, per-matrix SVD (its query-key/value-output",
            "split chosen on the last 20 % of the text's lines, never evaluated on), Tucker by HOSVD and by",
            "HOSVD + 2 HOOI sweeps within one global budget as tucker compress --budget (its pre/post-softmax",
            "split, the allocator's or a fixed share, chosen on the same lines); GQA by mean-pooling at each",
            "smaller key/value head count. Each is judged against the original on the rest of the text by the",
            "runtime of tucker validate: mean KLD and top-1",
            "(language models) or mean cosine (encoders), with parameters and KV-cache bytes per token.",
            "With --calibrate FILE (text that must not overlap --text) the MLA-style latent and the SVD are",
            "also compared whitened by the activations on FILE (SVD-LLM style, the SVD's split chosen again),",
            "and Tucker calibrated as tucker compress --calibrate does (rows *-cal).",
            "Writes compare.json, compare.md and compare.png into --out."
        })
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face folder, .onnx file or llama2.c .bin file.")
    Path model;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "UTF-8 text (split as above).")
    Path text;

    @Option(names = "--budgets", paramLabel = "F,...", split = ",", converter = FractionConverter.class, defaultValue = "0.5,0.25,0.125,0.0625",
            description = "Fractions of the original attention parameters. Default: ${DEFAULT-VALUE}.")
    List<Double> budgets;

    @Option(names = "--ctx", paramLabel = "N", description = "Causal: tokens per chunk (default 256). Encoders: "
            + "longest sentence (default the model's context).")
    Integer ctx;

    @Option(names = "--chunks", paramLabel = "K", defaultValue = "8",
            description = "Chunks (causal) or sentences (encoders) evaluated per model. Default: ${DEFAULT-VALUE}.")
    int chunks;

    @Option(names = "--selection-chunks", paramLabel = "K", defaultValue = "4",
            description = "Chunks or sentences of the selection text per tried split. Default: ${DEFAULT-VALUE}.")
    int selectionChunks;

    @Option(names = "--calibrate", paramLabel = "FILE",
            description = "UTF-8 calibration text: also compare every method in its activation-aware form.")
    Path calibrate;

    @Option(names = "--calib-tokens", paramLabel = "N",
            description = "Tokens of the calibration text to read (default: 16384).")
    Integer calibTokens;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "compare-report",
            description = "Folder for compare.json, compare.md and compare.png. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    DeviceOption device;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (chunks < 1 || selectionChunks < 1) {
            throw new ParameterException(spec.commandLine(), "--chunks and --selection-chunks must be at least 1");
        }
        if (calibTokens != null && (calibrate == null || calibTokens < 1)) {
            throw new ParameterException(spec.commandLine(), "--calib-tokens needs --calibrate FILE and at least 1");
        }
        Optional<CalibrationText> calibration = Optional.ofNullable(calibrate).map(f ->
                new CalibrationText(f, calibTokens != null ? calibTokens : CalibrationRun.DEFAULT_TOKENS));
        calibration.flatMap(c -> CalibrationOverlap.between(c.text(), text)).ifPresent(w -> {
            err.println(w);
            err.flush();
        });
        long before;
        boolean causal;
        try (Checkpoint ckpt = Checkpoints.open(model)) {
            AttentionGeometry g = Adapters.forConfig(ckpt.config()).geometry(ckpt.config());
            before = g.layers() * g.parametersPerLayer();
            causal = !ckpt.config().modelType().equals("bert");
        }
        OptionalInt context = ctx != null ? OptionalInt.of(ctx) : causal ? OptionalInt.of(256) : OptionalInt.empty();
        CompareSettings s = new CompareSettings(model, text, budgets, context, chunks, selectionChunks, device.device,
                VersionProvider.version(), calibration);
        long t0 = System.nanoTime();
        List<CompareRow> rows = Comparison.run(s, line -> {
            err.printf("[%5.0f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
            err.flush();
        });
        o.print(CompareFiles.markdown(before, rows));
        Path parent = model.toAbsolutePath().normalize().getParent();
        String name = (parent != null && parent.getFileName() != null ? parent.getFileName() + "/" : "")
                + model.getFileName();
        List<Path> files = CompareFiles.write(name, before, rows, out);
        o.println();
        o.println("wrote " + files.get(0) + ", " + files.get(1).getFileName() + " and " + files.get(2).getFileName());
        o.flush();
        return ExitCodes.OK;
    }
}
