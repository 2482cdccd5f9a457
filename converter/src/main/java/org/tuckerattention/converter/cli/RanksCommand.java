package org.tuckerattention.converter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.EffectiveRanks;
import org.tuckerattention.converter.ranks.RankReport;
import org.tuckerattention.converter.ranks.RankReportFiles;
import org.tuckerattention.converter.ranks.RankReportText;
import org.tuckerattention.converter.ranks.Spectrum;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "ranks",
        mixinStandardHelpOptions = true,
        description = {
            "Report the effective ranks of a checkpoint's original attention, layer by layer.",
            "",
            "For both tensors of every layer: structural ranks beside the numerical ones (rank at a",
            "threshold, 90/95/99/99.9 % energy ranks, stable rank), HOSVD errors at candidate rank",
            "triples and the smallest triple meeting --tol. RoPE models are analysed at offset 0.",
            "With --out, also writes ranks.json, ranks.md and ranks.html (plots) into DIR."
        })
final class RanksCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face folder, .onnx file or llama2.c .bin file.")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for ranks.json, ranks.md and ranks.html.")
    Path out;

    @Option(names = "--tol", paramLabel = "E", defaultValue = "0.05",
            description = "Relative HOSVD error asked of the smallest triple. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "1e-6",
            description = "Relative singular-value threshold of the numerical rank (>= 1.5e-8, the resolution"
                    + " of Gram-based spectra). Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--products", paramLabel = "P", defaultValue = "AUTO",
            description = "Matrix products: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ProductsChoice products;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new ParameterException(spec.commandLine(), "--tol must be in [0, 1), got " + tolerance);
        }
        if (!(threshold >= Spectrum.RESOLUTION && threshold < 1)) {
            throw new ParameterException(spec.commandLine(),
                    "--threshold must be in [" + Spectrum.RESOLUTION + ", 1), got " + threshold);
        }
        MatrixProducts backend = products.products();
        EffectiveRanks.Settings defaults = EffectiveRanks.Settings.defaults(backend);
        EffectiveRanks.Settings settings =
                new EffectiveRanks.Settings(threshold, defaults.energies(), tolerance, backend);
        RankReport report;
        try (Checkpoint ckpt = Checkpoints.open(model)) {
            report = EffectiveRanks.analyse(ckpt, settings);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(RankReportText.table(report));
        if (out != null) {
            RankReportFiles.write(report, out);
            o.println("wrote " + out.resolve("ranks.html") + ", ranks.md and ranks.json");
        }
        o.flush();
        return ExitCodes.OK;
    }
}
