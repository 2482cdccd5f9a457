package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.baselines.Baseline;
import org.tuckerattention.converter.baselines.BaselineCheckpoints;
import org.tuckerattention.converter.baselines.BaselineReport;
import org.tuckerattention.converter.baselines.GqaPooling;
import org.tuckerattention.converter.baselines.MlaLatent;
import org.tuckerattention.converter.baselines.PerMatrixSvd;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = {
            "Convert a model's attention with a training-free baseline, for comparison with Tucker.",
            "",
            "gqa: mean-pool the key/value heads into --kv-heads groups. mla: one shared key/value latent from",
            "the truncated SVD of the stacked key and value projections (query and output low rank too when",
            "the budget requires). svd: truncated SVD of each projection, --qk-share of the budget for the",
            "query-key side. The output is a dense checkpoint of the original shapes that the runtime runs as",
            "it is; tucker_baseline.json beside it says what the mechanism would store (parameters, KV cache)."
        })
final class BaselineCommand implements Callable<Integer> {

    enum Method { GQA, MLA, SVD }

    @Parameters(index = "0", paramLabel = "INPUT", description = "Hugging Face folder, .onnx file or llama2.c .bin file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "Output folder; must not exist (see --force).")
    Path output;

    @Option(names = "--method", required = true, paramLabel = "M", description = "gqa, mla or svd.")
    Method method;

    @Option(names = "--budget", paramLabel = "FRACTION", defaultValue = "1",
            description = "mla, svd: at most this fraction of the original attention parameters. Default: 1.")
    double budget;

    @Option(names = "--kv-heads", paramLabel = "N", description = "gqa: key/value heads after pooling.")
    Integer kvHeads;

    @Option(names = "--qk-share", paramLabel = "S", defaultValue = "0.5",
            description = "svd: share of the budget for W_Q and W_K. Default: ${DEFAULT-VALUE}.")
    double qkShare;

    @Option(names = "--force", description = "Replace OUTPUT if it exists.")
    boolean force;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Checkpoint ckpt = Checkpoints.open(input)) {
            List<AttentionWeights> layers = BaselineCheckpoints.attention(ckpt);
            Baseline b = baseline(layers);
            BaselineReport r = BaselineCheckpoints.write(ckpt, layers, b, budget, output, force);
            out.printf(Locale.ROOT, "wrote %s (%s: %s)%n", output, r.method(), r.description());
            out.printf(Locale.ROOT, "  attention parameters  %,d -> %,d (%.1f %%) as the mechanism stores them%n",
                    r.attentionParametersBefore(), r.attentionParametersAfter(),
                    100.0 * r.attentionParametersAfter() / r.attentionParametersBefore());
            out.printf(Locale.ROOT, "  KV cache              %,d -> %,d values per token%n", r.kvValuesPerTokenBefore(),
                    r.kvValuesPerTokenAfter());
            out.printf(Locale.ROOT, "  largest error         %.3g (relative, per layer)%n",
                    r.layerErrors().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Baseline baseline(List<AttentionWeights> layers) {
        AttentionGeometry g = layers.get(0).geometry();
        if (!(budget > 0 && budget <= 1)) {
            throw usage("--budget must be in (0, 1], got " + budget);
        }
        return switch (method) {
            case GQA -> {
                if (kvHeads == null || kvHeads < 1 || g.nKV() % kvHeads != 0) {
                    throw usage("--method gqa needs --kv-heads N dividing the model's " + g.nKV()
                            + " key/value heads");
                }
                yield new GqaPooling(g, kvHeads);
            }
            case MLA -> MlaLatent.plan(layers, budget);
            case SVD -> {
                if (!(qkShare > 0 && qkShare < 1)) {
                    throw usage("--qk-share must be in (0, 1), got " + qkShare);
                }
                yield PerMatrixSvd.plan(layers, budget, qkShare);
            }
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
