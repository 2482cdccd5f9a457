package org.tuckerattention.converter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.baselines.BaselineReport;
import org.tuckerattention.validation.comparison.CalibrationOverlap;
import org.tuckerattention.validation.comparison.Validation;
import org.tuckerattention.validation.comparison.ValidationReport;
import org.tuckerattention.validation.comparison.ValidationReportJson;
import org.tuckerattention.validation.comparison.ValidationReportText;
import org.tuckerattention.validation.comparison.ValidationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Run an original and a candidate (e.g. compressed) model on the same text and compare them.",
            "",
            "Causal models: the text is tokenized once and cut into chunks of --ctx tokens as llama.cpp's",
            "perplexity tool does (BOS first, second half scored); prints perplexity of both with its",
            "uncertainty, mean/median/p99/max KL divergence (original as reference), top-1 agreement,",
            "mean and RMS delta-p of the correct token, and the perplexity ratio. Encoders: per-sentence",
            "cosine of pooled embeddings (mean, min) and the relative error of the last hidden states.",
            "Always: attention parameters and KV-cache bytes per token of both as the runtime stores",
            "them, per-layer decomposition errors of a Tucker candidate, device, times and a verdict; for a",
            "tucker baseline output, also what that mechanism would store (tucker_baseline.json)."
        })
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ORIGINAL", description = "The reference model (folder, .onnx or .bin).")
    Path original;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The model to judge, e.g. a tucker compress output.")
    Path candidate;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "UTF-8 text to evaluate on.")
    Path text;

    @Option(names = "--ctx", paramLabel = "N",
            description = "Causal: tokens per chunk (default 512, at most the model's context). Encoders: longest "
                    + "sentence in tokens (default the model's context).")
    Integer ctx;

    @Option(names = "--chunks", paramLabel = "K",
            description = "Causal: at most K chunks (default all). Encoders: at most K sentences (default 256).")
    Integer chunks;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json or llama2.c tokenizer file, when none is beside the original model.")
    Path tokenizer;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write every figure as JSON to OUT.")
    Path json;

    @Mixin
    DeviceOption device;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ValidationSettings settings = new ValidationSettings(original, candidate, text,
                ctx == null ? OptionalInt.empty() : OptionalInt.of(ctx),
                chunks == null ? OptionalInt.empty() : OptionalInt.of(chunks), Optional.ofNullable(tokenizer),
                device.device);
        CalibrationOverlap.check(candidate, text).ifPresent(warning -> {
            err.println(warning);
            err.flush();
        });
        ValidationReport report = Validation.run(settings, (done, of) -> {
            if (done % 10 == 0 || done == of) {
                err.print("\rtucker validate: chunk " + done + " of " + of + (done == of ? "\n" : ""));
                err.flush();
            }
        });
        ValidationReportText.print(report, out);
        if (BaselineReport.isIn(candidate)) {
            BaselineReport b = BaselineReport.read(candidate);
            out.printf(Locale.ROOT, "baseline %s (%s), run densely; as that mechanism stores it: attention parameters"
                    + " %,d -> %,d, KV cache %,d -> %,d values per token%n", b.method(), b.description(),
                    b.attentionParametersBefore(), b.attentionParametersAfter(), b.kvValuesPerTokenBefore(),
                    b.kvValuesPerTokenAfter());
        }
        if (json != null) {
            try {
                ValidationReportJson.write(report, json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ExitCodes.OK;
    }
}
