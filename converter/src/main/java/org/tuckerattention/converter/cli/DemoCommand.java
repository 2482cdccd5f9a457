package org.tuckerattention.converter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.inspect.ModelSummary;
import org.tuckerattention.converter.inspect.ModelSummaryReport;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.EffectiveRanks;
import org.tuckerattention.converter.ranks.RankReport;
import org.tuckerattention.converter.ranks.RankReportFiles;
import org.tuckerattention.converter.ranks.RankReportText;
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
            "Run the pipeline on a sample model (for now: inspect it and report its ranks).",
            "",
            "The default model is all-MiniLM-L6-v2, which arrives with the build as a Maven",
            "dependency; nothing is downloaded at run time."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Any supported checkpoint instead of MiniLM, e.g. ../shared/models/stories260K/hf-f32.")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-report",
            description = "Folder for the report files. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path input = model != null ? model : SampleModels.miniLm();
        try (Checkpoint ckpt = Checkpoints.open(input)) {
            o.println("== 1. inspect " + input);
            o.print(ModelSummaryReport.text(ModelSummary.of(ckpt)));
            o.println();
            o.println("== 2. effective ranks of the original attention");
            o.flush();
            RankReport ranks = EffectiveRanks.analyse(ckpt, EffectiveRanks.Settings.defaults(MatrixProducts.best()));
            o.print(RankReportText.table(ranks));
            List<Path> files = RankReportFiles.write(ranks, out);
            o.println();
            o.println("report: " + files.get(2).toAbsolutePath() + " (plots), beside ranks.md and ranks.json");
        }
        o.flush();
        return ExitCodes.OK;
    }
}
