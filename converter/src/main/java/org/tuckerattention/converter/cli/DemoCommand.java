package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.inspect.ModelSummary;
import org.tuckerattention.converter.inspect.ModelSummaryReport;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.samples.SampleModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the pipeline on a sample model (for now: inspect it).",
            "",
            "The default model is all-MiniLM-L6-v2, which arrives with the build as a Maven",
            "dependency; nothing is downloaded at run time."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Any supported checkpoint instead of MiniLM, e.g. ../shared/models/stories260K/hf-f32.")
    Path model;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path input = model != null ? model : SampleModels.miniLm();
        out.println("== inspect " + input);
        try (Checkpoint ckpt = Checkpoints.open(input)) {
            out.print(ModelSummaryReport.text(ModelSummary.of(ckpt)));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
