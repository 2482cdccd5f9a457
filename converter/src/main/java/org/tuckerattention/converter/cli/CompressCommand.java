package org.tuckerattention.converter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.tuckerattention.converter.calibration.CalibrationRun;
import org.tuckerattention.converter.compress.AttentionBudget;
import org.tuckerattention.converter.compress.CompressPipeline;
import org.tuckerattention.converter.compress.CompressReport;
import org.tuckerattention.converter.compress.CompressSettings;
import org.tuckerattention.converter.compress.CoreChoice;
import org.tuckerattention.converter.compress.LayerResult;
import org.tuckerattention.converter.compress.LayerSelection;
import org.tuckerattention.converter.compress.RopeStrategy;
import org.tuckerattention.converter.compress.RopeWeighting;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "compress",
        mixinStandardHelpOptions = true,
        description = {
            "Decompose the attention of a checkpoint and write a Tucker-attention checkpoint.",
            "",
            "One layer at a time: both attention tensors are decomposed (HOSVD + HOOI), the softmax",
            "scale and biases folded, and OUTPUT gets config.json (with a tucker_attention block),",
            "model.safetensors (other tensors copied unchanged), tucker_report.json and the tokenizer",
            "files. Written beside OUTPUT and renamed at the end; INPUT is only read.",
            "Give the ranks as exactly one of --ranks, --tol or --budget."
        })
final class CompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INPUT", description = "Hugging Face folder, .onnx file or llama2.c .bin file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT",
            description = "Output folder; must not exist (see --force). Written beside it, renamed at the end.")
    Path output;

    @Option(names = "--ranks", paramLabel = "R1,R2,R3[/S1,S2,S3]", converter = RankPairConverter.class,
            description = "Fixed ranks (head, query, key) of the pre-softmax side and, after '/', (head, output,"
                    + " value) of the post-softmax side; one triple serves both. Each at most its dimension.")
    RankPair ranks;

    @Option(names = "--tol", paramLabel = "E",
            description = "Smallest ranks whose HOSVD error bound is at most E (relative), per tensor.")
    Double tolerance;

    @Option(names = "--budget", paramLabel = "FRACTION",
            description = "A global budget: the Tucker attention values stored for all compressed layers (both"
                    + " sides, factors, cores and folded biases) are at most FRACTION of their original attention"
                    + " parameters; ranks and storage per layer and side go where they reduce the estimated"
                    + " relative error most per value.")
    Double budget;

    @Option(names = "--budget-pre-share", paramLabel = "S",
            description = "With --budget: give the pre-softmax sides the share S (0-1) of the budget and the"
                    + " post-softmax sides the rest. Default: the allocator splits it.")
    Double preShare;

    @Option(names = "--core", paramLabel = "C", defaultValue = "auto", converter = CoreConverter.class,
            description = "Core storage: dense, head-factored or auto (per layer and side, the least error for"
                    + " the parameters; with --budget, head-factored unless a dense core storing no more values"
                    + " decomposes with a smaller error). Default: ${DEFAULT-VALUE}.")
    CoreChoice core;

    @Option(names = "--rope", paramLabel = "R", defaultValue = "HEAD",
            description = "RoPE models: head (RoPE per head, exact at full rank) or latent (rotation in the key"
                    + " latent; dense core). Default: head.")
    RopeStrategy rope;

    @Option(names = "--rope-weighting", paramLabel = "W",
            description = "Offsets the head-RoPE Grams weight: zero (offset 0), uniform (all angles) or attention"
                    + " (the model's attention per distance on the calibration text; needs --calibrate)."
                    + " Default: attention with --calibrate, else zero.")
    RopeWeighting weighting;

    @Option(names = "--calibrate", paramLabel = "FILE",
            description = "Activation-aware Tucker: run the original model on this UTF-8 text and decompose the"
                    + " tensors weighted by each layer's attention-input second moment (whitened). Validate on"
                    + " other text.")
    Path calibrate;

    @Option(names = "--calib-tokens", paramLabel = "N",
            description = "Tokens of the calibration text to read (at least one chunk of 256 for causal models)."
                    + " Default: 16384 or the whole text if shorter.")
    Integer calibTokens;

    @Option(names = "--hooi-sweeps", paramLabel = "N", defaultValue = "2",
            description = "HOOI sweeps after HOSVD; 0 keeps plain HOSVD. Default: ${DEFAULT-VALUE}.")
    int hooiSweeps;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "keep",
            description = "Type of the written Tucker tensors: keep (the input's attention type), f32, f16 or"
                    + " bf16. Other tensors are always copied unchanged. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--layers", paramLabel = "SPEC", defaultValue = "all",
            description = "Layers to compress: all, or indices and ranges like 0-3,7. Default: ${DEFAULT-VALUE}.")
    String layers;

    @Option(names = "--products", paramLabel = "P", defaultValue = "AUTO",
            description = "Matrix products: ${COMPLETION-CANDIDATES} (AUTO = EJML up to width 384, else libtorch when it"
                    + " loads). Default: ${DEFAULT-VALUE}.")
    ProductsChoice products;

    @Option(names = "--force", description = "Replace OUTPUT if it exists.")
    boolean force;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CompressSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        CompressReport r = CompressPipeline.run(input, output, settings, new ProgressLines(out, System.console() != null));
        out.printf(Locale.ROOT, "wrote %s (%d of %d layers compressed)%n", r.output(), r.compressed().size(), r.layers());
        out.printf(Locale.ROOT, "  attention parameters  %,d -> %,d (%.1f %%)%n", r.attentionParametersBefore(),
                r.attentionParametersAfter(), 100.0 * r.attentionParametersAfter() / r.attentionParametersBefore());
        r.budget().ifPresent(b -> {
            out.printf(Locale.ROOT, "  budget                %.4g of %,d = %,d; stored %,d (%.2f %% of the budget;"
                    + " pre-softmax %,d, post-softmax %,d)%n", b.fraction(), b.originalParameters(), b.limit(),
                    r.compressedParametersAfter(), 100.0 * r.compressedParametersAfter() / b.limit(),
                    b.preParameters(), b.postParameters());
            for (LayerResult l : r.compressed()) {
                out.printf(Locale.ROOT, "    layer %d  pre %s %s  post %s %s%n", l.layer(), l.pre().storageName(),
                        Arrays.toString(l.pre().ranks()), l.post().storageName(), Arrays.toString(l.post().ranks()));
            }
        });
        out.printf(Locale.ROOT, "  KV cache              %,d -> %,d values per token%n",
                r.kvValuesPerTokenBefore(), r.kvValuesPerTokenAfter());
        out.printf(Locale.ROOT, "  largest error         %.3g (relative, per tensor%s)%n", r.maxRelativeError(),
                r.calibration().isPresent() ? ", whitened by the calibration text" : "");
        out.printf(Locale.ROOT, "  time                  %.1f s; details in tucker_report.json%n", r.totalSeconds());
        out.flush();
        return ExitCodes.OK;
    }

    /** The options as settings; usage errors (exit 2) for combinations picocli cannot check. */
    CompressSettings settings() {
        int given = (ranks != null ? 1 : 0) + (tolerance != null ? 1 : 0) + (budget != null ? 1 : 0);
        if (given != 1) {
            throw usage("give exactly one of --ranks, --tol and --budget");
        }
        if (weighting == RopeWeighting.ATTENTION && calibrate == null) {
            throw usage("--rope-weighting attention weights offsets by the model's attention on calibration text"
                    + " and needs --calibrate FILE; without it use zero or uniform");
        }
        if (calibTokens != null && calibrate == null) {
            throw usage("--calib-tokens needs --calibrate FILE");
        }
        if (calibTokens != null && calibTokens < 1) {
            throw usage("--calib-tokens must be at least 1, got " + calibTokens);
        }
        RopeWeighting offsets = weighting != null ? weighting
                : calibrate != null ? RopeWeighting.ATTENTION : RopeWeighting.ZERO;
        if (hooiSweeps < 0) {
            throw usage("--hooi-sweeps must be at least 0, got " + hooiSweeps);
        }
        if (preShare != null && budget == null) {
            throw usage("--budget-pre-share needs --budget");
        }
        LayerSelection selection;
        try {
            selection = LayerSelection.parse(layers);
        } catch (IllegalArgumentException e) {
            throw usage("--layers: " + e.getMessage());
        }
        Optional<MatrixProducts> chosen =
                products == ProductsChoice.AUTO ? Optional.empty() : Optional.of(products.products());
        Optional<CompressSettings.CalibrationText> calibration = Optional.ofNullable(calibrate).map(text ->
                new CompressSettings.CalibrationText(text, calibTokens != null ? calibTokens : CalibrationRun.DEFAULT_TOKENS));
        try {
            if (budget != null) {
                AttentionBudget b = new AttentionBudget(budget,
                        preShare == null ? OptionalDouble.empty() : OptionalDouble.of(preShare));
                return new CompressSettings(null, null, core, rope, offsets, hooiSweeps, dtype(), selection, force,
                        chosen, VersionProvider.version(), Optional.of(b), calibration);
            }
            RankSpec pre = ranks != null ? ranks.pre() : RankSpec.tolerance(tolerance);
            RankSpec post = ranks != null ? ranks.post() : pre;
            return new CompressSettings(pre, post, core, rope, offsets, hooiSweeps, dtype(), selection, force,
                    chosen, VersionProvider.version(), Optional.empty(), calibration);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Optional<DType> dtype() {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "keep" -> Optional.empty();
            case "f32" -> Optional.of(DType.F32);
            case "f16" -> Optional.of(DType.F16);
            case "bf16" -> Optional.of(DType.BF16);
            default -> throw usage("--dtype must be keep, f32, f16 or bf16, got '" + dtype + "'");
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code r1,r2,r3} for both sides, or {@code r1,r2,r3/s1,s2,s3}: pre-softmax then post-softmax. */
    record RankPair(RankSpec.Fixed pre, RankSpec.Fixed post) {}

    /** Parses a {@link RankPair}. */
    static final class RankPairConverter implements ITypeConverter<RankPair> {
        @Override
        public RankPair convert(String value) {
            String[] sides = value.split("/", -1);
            if (sides.length > 2) {
                throw new TypeConversionException("expected r1,r2,r3 or r1,r2,r3/s1,s2,s3 but got '" + value + "'");
            }
            RanksConverter one = new RanksConverter();
            RankSpec.Fixed pre = one.convert(sides[0]);
            return new RankPair(pre, sides.length == 2 ? one.convert(sides[1]) : pre);
        }
    }

    /** dense, head-factored or auto. */
    static final class CoreConverter implements ITypeConverter<CoreChoice> {
        @Override
        public CoreChoice convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "dense" -> CoreChoice.DENSE;
                case "head-factored" -> CoreChoice.HEAD_FACTORED;
                case "auto" -> CoreChoice.AUTO;
                default -> throw new TypeConversionException(
                        "expected dense, head-factored or auto but got '" + value + "'");
            };
        }
    }
}
