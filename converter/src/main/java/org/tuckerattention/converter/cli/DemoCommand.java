package org.tuckerattention.converter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.compare.CompareFiles;
import org.tuckerattention.converter.compare.CompareRow;
import org.tuckerattention.converter.compare.CompareSettings;
import org.tuckerattention.converter.compare.Comparison;
import org.tuckerattention.converter.demo.DemoPage;
import org.tuckerattention.converter.demo.DemoText;
import org.tuckerattention.converter.inspect.ModelSummary;
import org.tuckerattention.converter.inspect.ModelSummaryReport;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.EffectiveRanks;
import org.tuckerattention.converter.ranks.RankReport;
import org.tuckerattention.converter.ranks.RankReportFiles;
import org.tuckerattention.converter.ranks.RankReportText;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.TemporaryFolder;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.AttentionGeometry;
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
            "Run the whole pipeline on a sample model: inspect it, report its ranks, compress its attention",
            "at a few budgets, validate each against the original, and write demo-report/index.html.",
            "",
            "The default model is all-MiniLM-L6-v2, which arrives with the build as a Maven",
            "dependency; nothing is downloaded at run time. The default text is fifty built-in sentences."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Any supported checkpoint instead of MiniLM, e.g. ../shared/models/stories260K/hf-f32.")
    Path model;

    @Option(names = "--text", paramLabel = "FILE", description = "UTF-8 text to validate on (default: built in).")
    Path text;

    @Option(names = "--budgets", paramLabel = "F,...", split = ",", converter = FractionConverter.class, defaultValue = "0.5,0.25,0.125",
            description = "Global budgets to compress to, as fractions of the original attention parameters. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Double> budgets;

    @Option(names = "--chunks", paramLabel = "K", defaultValue = "4",
            description = "Causal models: chunks of 128 tokens validated (encoders: every sentence up to 256)."
                    + " Default: ${DEFAULT-VALUE}.")
    int chunks;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-report",
            description = "Folder for the report files. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    DeviceOption device;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path input = model != null ? model : SampleModels.miniLm();
        long t0 = System.nanoTime();
        long before;
        boolean causal;
        List<Path> rankFiles;
        try (Checkpoint ckpt = Checkpoints.open(input)) {
            o.println("== 1. inspect " + input);
            o.print(ModelSummaryReport.text(ModelSummary.of(ckpt)));
            o.println();
            o.println("== 2. effective ranks of the original attention");
            o.flush();
            RankReport ranks = EffectiveRanks.analyse(ckpt, EffectiveRanks.Settings.defaults(MatrixProducts.best()));
            o.print(RankReportText.table(ranks));
            rankFiles = RankReportFiles.write(ranks, out);
            AttentionGeometry g = Adapters.forConfig(ckpt.config()).geometry(ckpt.config());
            before = g.layers() * g.parametersPerLayer();
            causal = !ckpt.config().modelType().equals("bert");
        }
        try (TemporaryFolder folder = TemporaryFolder.create("tucker-demo-")) {
            Path work = folder.path();
            Path textFile = text != null ? text : DemoText.writeTo(work.resolve("sentences.txt"));
            OptionalInt ctx = causal ? OptionalInt.of(128) : OptionalInt.empty();
            CompareSettings s = new CompareSettings(input, textFile, budgets, ctx, causal ? chunks : 256, 1,
                    device.device, VersionProvider.version());
            List<CompareRow> rows = new ArrayList<>();
            for (int k = 0; k < budgets.size(); k++) {
                o.printf(Locale.ROOT, "%n== 3.%d compress to %.4g of the attention parameters, then validate"
                        + " (%.0f s so far)%n", k + 1, budgets.get(k), (System.nanoTime() - t0) / 1e9);
                o.flush();
                rows.add(Comparison.tucker(s, budgets.get(k), work.resolve("budget-" + k)));
            }
            o.println();
            o.println("== 4. results (against the original, on " + (text != null ? text : "the built-in sentences")
                    + ")");
            o.print(CompareFiles.markdown(before, rows));
            String settings = ("Model %s; text %s; Tucker HOSVD + 2 HOOI sweeps, core auto, one global budget"
                    + " over layers and sides, split by the allocator.").formatted(input.getFileName(),
                            text != null ? text.getFileName() : "the built-in sentences");
            Path page = DemoPage.write(input.getFileName().toString(), before, rows, settings, rankFiles.get(2), out);
            o.println();
            o.printf(Locale.ROOT, "report: %s (with the rank report %s), in %.0f s%n", page.toAbsolutePath(),
                    rankFiles.get(2).getFileName(), (System.nanoTime() - t0) / 1e9);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
