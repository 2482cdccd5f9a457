package org.tuckerattention.converter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.bench.CompressBenchmark;
import org.tuckerattention.converter.bench.SyntheticLlamaCheckpoint;
import org.tuckerattention.converter.compress.CompressSettings;
import org.tuckerattention.converter.compress.CoreChoice;
import org.tuckerattention.converter.compress.LayerSelection;
import org.tuckerattention.converter.compress.RopeStrategy;
import org.tuckerattention.converter.compress.RopeWeighting;
import org.tuckerattention.converter.ranks.RankSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "compress",
        mixinStandardHelpOptions = true,
        description = {
            "Time tucker compress on a generated Llama-shaped BF16 checkpoint.",
            "",
            "Writes the checkpoint (seeded uniform weights; defaults: Llama-2-7B attention shapes, small FFN",
            "and vocabulary) into a work folder outside the project, compresses it, and reports wall time",
            "and the peak resident set of the compression; both folders are deleted afterwards."
        })
final class BenchCompressCommand implements Callable<Integer> {

    @Option(names = "--layers", paramLabel = "N", defaultValue = "8", description = "Layers. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--d", paramLabel = "D", defaultValue = "4096", description = "Model width. Default: ${DEFAULT-VALUE}.")
    int d;

    @Option(names = "--heads", paramLabel = "H", defaultValue = "32", description = "Query heads. Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--kv-heads", paramLabel = "G", description = "Key/value heads (default: --heads, MHA).")
    Integer kvHeads;

    @Option(names = "--head-dim", paramLabel = "K", defaultValue = "128", description = "Head width. Default: ${DEFAULT-VALUE}.")
    int headDim;

    @Option(names = "--ffn", paramLabel = "F", defaultValue = "256", description = "FFN width. Default: ${DEFAULT-VALUE}.")
    int ffn;

    @Option(names = "--ranks", paramLabel = "R1,R2,R3", defaultValue = "8,256,128", converter = RanksConverter.class,
            description = "Ranks of both sides. Default: ${DEFAULT-VALUE}.")
    RankSpec.Fixed ranks;

    @Option(names = "--core", paramLabel = "C", defaultValue = "dense", converter = CompressCommand.CoreConverter.class,
            description = "Core storage: dense, head-factored or auto. Default: ${DEFAULT-VALUE}.")
    CoreChoice core;

    @Option(names = "--hooi-sweeps", paramLabel = "N", defaultValue = "2", description = "HOOI sweeps. Default: ${DEFAULT-VALUE}.")
    int hooiSweeps;

    @Option(names = "--products", paramLabel = "P", defaultValue = "AUTO",
            description = "Matrix products: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ProductsChoice products;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Work folder for the generated and compressed checkpoints (default: a new temporary folder).")
    Path work;

    @Option(names = "--keep", description = "Keep the generated and compressed checkpoints.")
    boolean keep;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "345", description = "Weight seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SyntheticLlamaCheckpoint model = new SyntheticLlamaCheckpoint(
                layers, d, heads, kvHeads != null ? kvHeads : heads, headDim, ffn, 512, seed);
        CompressSettings settings = new CompressSettings(ranks, ranks, core, RopeStrategy.HEAD, RopeWeighting.ZERO,
                hooiSweeps, Optional.empty(), LayerSelection.all(), false,
                products == ProductsChoice.AUTO ? Optional.empty() : Optional.of(products.products()),
                VersionProvider.version());
        Path folder = work != null ? Files.createDirectories(work) : Files.createTempDirectory("tucker-bench-compress-");
        PrintWriter out = spec.commandLine().getOut();
        CompressBenchmark.Result r = CompressBenchmark.run(
                model, settings, folder, keep, new ProgressLines(out, System.console() != null));
        if (!keep && work == null) {
            Files.deleteIfExists(folder);
        }
        out.print(CompressBenchmark.text(r));
        out.flush();
        return ExitCodes.OK;
    }
}
