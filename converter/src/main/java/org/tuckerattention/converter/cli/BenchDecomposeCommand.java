package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.bench.DecomposeBenchmark;
import org.tuckerattention.converter.bench.DecomposeBenchmarkReport;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.converter.tucker.TuckerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "decompose",
        mixinStandardHelpOptions = true,
        description = {
            "Time the decomposition of one layer's two attention tensors with random weights.",
            "",
            "Seeded Gaussian per-head weights of the given shape; times the Gram products and",
            "HOSVD + HOOI of both tensors (weight generation excluded) and reports peak memory."
        })
final class BenchDecomposeCommand implements Callable<Integer> {

    @Option(names = "--d", required = true, paramLabel = "D", description = "Model width d.")
    int d;

    @Option(names = "--heads", required = true, paramLabel = "H", description = "Query heads n_H.")
    int heads;

    @Option(names = "--head-dim", required = true, paramLabel = "K", description = "Head width d_H.")
    int headDim;

    @Option(names = "--kv-heads", paramLabel = "G", description = "Key/value heads n_KV (default: --heads, i.e. MHA).")
    Integer kvHeads;

    @Option(names = "--ranks", required = true, paramLabel = "R1,R2,R3", converter = RanksConverter.class,
            description = "Target ranks (head, query|output, key|value), e.g. 8,256,128.")
    RankSpec.Fixed ranks;

    @Option(names = "--hooi-sweeps", paramLabel = "N", defaultValue = "2",
            description = "HOOI sweeps after HOSVD. Default: ${DEFAULT-VALUE}.")
    int hooiSweeps;

    @Option(names = "--method", paramLabel = "M", defaultValue = "AUTO",
            description = "Eigen solver: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    TuckerOptions.Method method;

    @Option(names = "--products", paramLabel = "P", defaultValue = "AUTO",
            description = "Matrix products: ${COMPLETION-CANDIDATES} (AUTO = libtorch when it loads). Default: ${DEFAULT-VALUE}.")
    ProductsChoice products;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Runs to report min/median/max over. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "345", description = "Weight seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DecomposeBenchmark.Shape shape = new DecomposeBenchmark.Shape(
                d, heads, headDim, kvHeads != null ? kvHeads : heads, ranks.ranks(), hooiSweeps, seed);
        TuckerOptions options = TuckerOptions.ranks(ranks.ranks()).method(method).products(products.products());
        List<DecomposeBenchmark.Result> runs = new ArrayList<>();
        for (int i = 0; i < Math.max(1, repeat); i++) {
            runs.add(DecomposeBenchmark.run(shape, options));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? DecomposeBenchmarkReport.json(runs) : DecomposeBenchmarkReport.text(runs));
        out.flush();
        return ExitCodes.OK;
    }
}
