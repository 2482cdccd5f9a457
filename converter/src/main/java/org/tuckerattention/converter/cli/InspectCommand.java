package org.tuckerattention.converter.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.inspect.ModelSummary;
import org.tuckerattention.converter.inspect.ModelSummaryReport;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Show a checkpoint's attention: kind, sizes, counts and structural Tucker ranks.",
            "",
            "Prints the architecture, attention kind (MHA, GQA, MQA, MLA), RoPE, biases, dtypes,",
            "attention parameters, KV-cache values per token and the structural ranks of the",
            "pre- and post-softmax tensors. Reads tensor headers only, and checks that every",
            "layer's attention tensors are present with the right shapes."
        })
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face folder, .onnx file or llama2.c .bin file.")
    Path model;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Checkpoint ckpt = Checkpoints.open(model)) {
            ModelSummary summary = ModelSummary.of(ckpt);
            spec.commandLine().getOut().print(json ? ModelSummaryReport.json(summary) : ModelSummaryReport.text(summary));
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
