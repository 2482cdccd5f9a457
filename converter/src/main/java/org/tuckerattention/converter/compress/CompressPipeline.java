package org.tuckerattention.converter.compress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.tuckerattention.converter.calibration.Calibration;
import org.tuckerattention.converter.calibration.CalibrationRun;
import org.tuckerattention.converter.calibration.Whitening;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.IoFailures;
import org.tuckerattention.formats.StagedFolder;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.hf.HfFolder;
import org.tuckerattention.formats.safetensors.SafetensorsFile;
import org.tuckerattention.formats.safetensors.SafetensorsReader;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;
import org.tuckerattention.validation.runtime.ComputeDevice;

/**
 * {@code tucker compress}: writes the compressed checkpoint of docs/checkpoint-format.md (DESIGN §6).
 *
 * <p>Streaming: one layer's weights are read, both sides decomposed, and their tensors written to a
 * spill file in the staging folder before the next layer is read, so memory stays near one layer's
 * working set whatever the depth. The final {@code model.safetensors} is then streamed from the input's
 * other tensors and the spill files, which are deleted. Everything is written in a folder beside the
 * output and renamed at the end ({@link StagedFolder}); the input is only read.
 */
public final class CompressPipeline {

    private static final String SPILL = ".layers";

    public static CompressReport run(Path input, Path output, CompressSettings s, CompressProgress progress) {
        return run(input, output, s, Optional.empty(), progress);
    }

    /**
     * As {@link #run(Path, Path, CompressSettings, CompressProgress)}, with calibration statistics already at
     * hand ({@code known}); when there are none and the settings ask for calibration, they are collected here,
     * after the checks that need no model run.
     */
    public static CompressReport run(Path input, Path output, CompressSettings s, Optional<Calibration> known,
            CompressProgress progress) {
        long start = System.nanoTime();
        try (Checkpoint ckpt = Checkpoints.open(input)) {
            ArchitectureAdapter adapter = Adapters.forConfig(ckpt.config());
            AttentionGeometry g = adapter.geometry(ckpt.config());
            CompressChecks.before(ckpt, g, s, output);
            adapter.checkTensors(ckpt, g);
            if ((known.isPresent() || s.calibration().isPresent()) && g.mla().isPresent()) {
                throw new CheckpointException(ckpt.config().file(), "calibration of MLA attention is not supported yet");
            }
            Optional<Calibration> calibration = known.isPresent() ? known : s.calibration().map(c -> {
                progress.calibrating(c.text());
                return CalibrationRun.collect(input, c.text(), c.tokens(), Optional.empty(), ComputeDevice.CPU);
            });
            try (StagedFolder staged = StagedFolder.beside(output, s.force())) {
                // Ctrl-C runs shutdown hooks, not finally blocks: remove the partial folder there too.
                Thread cleanup = new Thread(staged::close, "tucker-compress-cleanup");
                Runtime.getRuntime().addShutdownHook(cleanup);
                try {
                    return new CompressPipeline(ckpt, adapter, g, s, calibration, progress, start).write(staged);
                } finally {
                    removeHook(cleanup);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + IoFailures.reason(e), e);
        }
    }

    private final Checkpoint ckpt;
    private final ArchitectureAdapter adapter;
    private final AttentionGeometry g;
    private final CompressSettings s;
    private final CompressProgress progress;
    private final long start;
    private final RopeStrategy rope;
    private final StorageChoice.Engine engine;
    private final Optional<Calibration> calibration;
    private final List<Double> floors = new ArrayList<>();
    private final List<Integer> raised = new ArrayList<>();

    private CompressPipeline(Checkpoint ckpt, ArchitectureAdapter adapter, AttentionGeometry g, CompressSettings s,
            Optional<Calibration> calibration, CompressProgress progress, long start) {
        this.ckpt = ckpt;
        this.adapter = adapter;
        this.g = g;
        this.s = s;
        this.progress = progress;
        this.start = start;
        this.rope = g.mla().isPresent() ? RopeStrategy.DECOUPLED : g.rope().present() ? s.rope() : RopeStrategy.NONE;
        this.engine = new StorageChoice.Engine(s.hooiSweeps(), s.products(g.d()));
        this.calibration = calibration;
    }

    /** Hashes the input, compresses the chosen layers into the spill, assembles the output and commits it. */
    private CompressReport write(StagedFolder staged) throws IOException {
        long hashStart = System.nanoTime();
        Map<String, String> hashes = InputFingerprint.sha256(ckpt);
        double hashSeconds = seconds(hashStart);
        long decomposeStart = System.nanoTime();
        Path spill = Files.createDirectory(staged.path().resolve(SPILL));
        int total = s.layers().count(g.layers());
        Optional<BudgetPlan> plan = s.budget().map(b -> plan(b, total));
        List<LayerResult> results = new ArrayList<>();
        Set<String> replaced = new HashSet<>();
        for (int layer = 0; layer < g.layers(); layer++) {
            if (s.layers().contains(layer)) {
                results.add(compress(layer, results.size(), total, spill, replaced, plan));
            }
        }
        double decomposeSeconds = seconds(decomposeStart);
        long writeStart = System.nanoTime();
        progress.writing(seconds(start));
        long parametersAfter = writeWeights(ckpt, replaced, spill, staged.path());
        Optional<Double> latentTheta = rope == RopeStrategy.LATENT ? Optional.of(g.rope().theta()) : Optional.empty();
        ObjectNode config = ckpt.config().json();
        config.set(TuckerAttentionBlock.KEY, TuckerAttentionBlock.of(rope, s.weighting(), latentTheta, results,
                ckpt.source().getFileName().toString(), hashes, s.toolVersion()));
        calibration.ifPresent(c -> TuckerAttentionBlock.calibration((ObjectNode) config.get(TuckerAttentionBlock.KEY),
                c.text()));
        Path configFile = staged.path().resolve("config.json");
        Files.writeString(configFile, new HfConfig(configFile, config).toJson());
        for (Path extra : ckpt.extraFiles()) {
            Files.copy(extra, staged.path().resolve(extra.getFileName()));
        }
        long before = ckpt.tensors().values().stream().mapToLong(TensorRef::elementCount).sum();
        CompressReport report = new CompressReport(
                ckpt.source().toString(), staged.target().toString(), ckpt.config().modelType(),
                g.mechanism().name(), g.layers(), settings(s, g.d(), calibration.isPresent()), rope, results,
                s.budget().map(b -> BudgetSummary.of(b, plan.orElseThrow(), total * g.parametersPerLayer(), results)),
                g.parametersPerLayer(),
                g.kvCacheValuesPerLayer(), before, parametersAfter, hashSeconds, decomposeSeconds,
                seconds(writeStart), seconds(start), calibration.map(c -> new CalibrationSummary(
                        c.text(), Whitening.RELATIVE_FLOOR, floors, raised)));
        Files.writeString(staged.path().resolve("tucker_report.json"), CompressReportJson.of(report));
        staged.commit();
        return report;
    }

    /**
     * The first of two passes under a global budget: each chosen layer's mode spectra (eigenvalues only,
     * one layer in memory at a time), then the storage and ranks of every side ({@link BudgetPlan}).
     */
    private BudgetPlan plan(AttentionBudget budget, int total) {
        List<SideSpectra> sides = new ArrayList<>();
        int done = 0;
        for (int layer = 0; layer < g.layers(); layer++) {
            if (s.layers().contains(layer)) {
                progress.tensor(done, total, layer, "spectra", seconds(start));
                AttentionWeights w = attention(layer);
                sides.add(PreSoftmaxSide.spectra(layer, w, s.core(), rope, averages(layer), engine));
                sides.add(PostSoftmaxSide.spectra(layer, w, s.core(), engine));
                done++;
            }
        }
        long limit = (long) Math.floor(budget.fraction() * total * g.parametersPerLayer());
        return BudgetPlan.allocate(sides, limit, budget.preShare());
    }

    /**
     * One layer's attention weights as the sides decompose them: the only place the compressor reads them.
     * Calibrated, their input modes are whitened ({@link Whitening}); the factors are mapped back after.
     */
    private AttentionWeights attention(int layer) {
        AttentionWeights w = adapter.attention(ckpt, g, layer);
        return calibration.map(c -> c.whitening(layer).apply(w)).orElse(w);
    }

    /** How the head-RoPE Grams of {@code layer} average over offsets; null without head RoPE. */
    private HeadAverages averages(int layer) {
        return rope == RopeStrategy.HEAD
                ? HeadAverages.of(g, s.weighting(), calibration.flatMap(c -> c.offsets(layer)))
                : null;
    }

    /** Reads, decomposes and spills one layer; only its summary stays in memory. */
    private LayerResult compress(int layer, int done, int total, Path spill, Set<String> replaced,
            Optional<BudgetPlan> plan) throws IOException {
        long t0 = System.nanoTime();
        Map<String, long[]> names = adapter.attentionTensors(ckpt, g, layer);
        String prefix = prefix(names.keySet());
        DType dtype = s.dtype().orElse(ckpt.tensor(names.keySet().iterator().next()).dtype());
        AttentionWeights w = attention(layer);
        HeadAverages averages = averages(layer);
        progress.tensor(done, total, layer, PreSoftmaxSide.NAME, seconds(start));
        SideResult pre = plan.isEmpty()
                ? PreSoftmaxSide.compress(w, s.preRanks(), s.core(), rope, averages, engine)
                : planned(plan.get().of(layer, PreSoftmaxSide.NAME), (ranks, storage) ->
                        PreSoftmaxSide.compress(w, ranks, storage, rope, averages, engine));
        progress.tensor(done, total, layer, PostSoftmaxSide.NAME, seconds(start));
        SideResult post = plan.isEmpty()
                ? PostSoftmaxSide.compress(w, s.postRanks(), s.core(), engine)
                : planned(plan.get().of(layer, PostSoftmaxSide.NAME), (ranks, storage) ->
                        PostSoftmaxSide.compress(w, ranks, storage, engine));
        if (calibration.isPresent()) {
            // The sides saw whitened weights: map their input-mode factors back.
            Whitening whitening = calibration.get().whitening(layer);
            pre = pre.restored(whitening, Set.of("u_query", "u_key"));
            post = post.restored(whitening, Set.of("u_value"));
            floors.add(whitening.floor());
            raised.add(whitening.raised());
        }
        List<TensorSource> sources = new ArrayList<>();
        add(sources, prefix + "tucker.pre.", pre, dtype);
        add(sources, prefix + "tucker.post.", post, dtype);
        for (String kept : MlaParts.KEPT) {
            if (names.containsKey(prefix + kept)) {
                sources.add(TensorSource.copyOf(ckpt.tensor(prefix + kept)));
            }
        }
        SafetensorsWriter.write(spill.resolve("layer-%05d.safetensors".formatted(layer)), sources, Map.of());
        replaced.addAll(names.keySet());
        return new LayerResult(layer, prefix, pre.summary(), post.summary(), MlaParts.keptParameters(g),
                MlaParts.keptKvValues(g), g.parametersPerLayer(), g.kvCacheValuesPerLayer(), seconds(t0));
    }

    /**
     * The side decomposed as planned; with an alternative in the other storage (at no more values), that too,
     * keeping the smaller actual error (on a tie, the fewer values).
     */
    private static SideResult planned(BudgetPlan.SidePlan p, BiFunction<RankSpec, CoreChoice, SideResult> side) {
        SideResult chosen = side.apply(ranks(p.choice()), CoreChoice.of(p.choice().storage()));
        if (p.alternative().isEmpty()) {
            return chosen;
        }
        SideResult other = side.apply(ranks(p.alternative().get()), CoreChoice.of(p.alternative().get().storage()));
        double gap = other.relativeError() - chosen.relativeError();
        boolean better = gap < -StorageChoice.TIE || (Math.abs(gap) <= StorageChoice.TIE
                && other.parameters() < chosen.parameters());
        return better ? other : chosen;
    }

    private static RankSpec ranks(SideFrontier.Choice c) {
        int[] r = c.ranks();
        return RankSpec.fixed(r[0], r[1], r[2]);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run.
        }
    }

    /**
     * Streams every input tensor not in {@code replaced} and every spilled Tucker tensor into
     * {@code model.safetensors}, then deletes the spill; returns the elements written.
     */
    private static long writeWeights(Checkpoint ckpt, Set<String> replaced, Path spill, Path dir) throws IOException {
        List<TensorSource> sources = new ArrayList<>();
        long elements = 0;
        for (TensorRef t : ckpt.tensors().values()) {
            if (!replaced.contains(t.name())) {
                sources.add(TensorSource.copyOf(t));
                elements += t.elementCount();
            }
        }
        List<SafetensorsFile> spilled = new ArrayList<>();
        try {
            try (var files = Files.list(spill)) {
                for (Path f : files.sorted().toList()) {
                    SafetensorsFile file = SafetensorsReader.open(f);
                    spilled.add(file);
                    for (TensorRef t : file.tensors().values()) {
                        sources.add(TensorSource.copyOf(t));
                        elements += t.elementCount();
                    }
                }
            }
            SafetensorsWriter.write(dir.resolve(HfFolder.WEIGHTS), sources, Map.of("format", "pt"));
        } finally {
            for (SafetensorsFile f : spilled) {
                f.close();
            }
        }
        try (var files = Files.list(spill)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(spill);
        return elements;
    }

    private static void add(List<TensorSource> sources, String prefix, SideResult side, DType dtype) {
        for (TuckerTensor t : side.tensors()) {
            sources.add(TensorSource.ofDoubles(prefix + t.name(), dtype, t.shape(), t.values()));
        }
    }

    /** The longest common prefix of {@code names} that ends in '.'. */
    static String prefix(Set<String> names) {
        String common = null;
        for (String n : names) {
            if (common == null) {
                common = n;
            } else {
                int k = 0;
                while (k < common.length() && k < n.length() && common.charAt(k) == n.charAt(k)) {
                    k++;
                }
                common = common.substring(0, k);
            }
        }
        return common == null ? "" : common.substring(0, common.lastIndexOf('.') + 1);
    }

    private static Map<String, String> settings(CompressSettings s, int d, boolean calibration) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s.budget().isPresent()) {
            AttentionBudget b = s.budget().get();
            m.put("budget", Double.toString(b.fraction()));
            m.put("budget_pre_share", b.preShare().isPresent() ? Double.toString(b.preShare().getAsDouble()) : "auto");
        } else {
            m.put("pre_ranks", describe(s.preRanks()));
            m.put("post_ranks", describe(s.postRanks()));
        }
        m.put("core", s.core().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("rope", s.rope().configName());
        m.put("rope_weighting", s.weighting().configName());
        m.put("hooi_sweeps", Integer.toString(s.hooiSweeps()));
        m.put("dtype", s.dtype().map(DType::name).orElse("keep"));
        m.put("layers", s.layers().toString());
        m.put("products", s.products(d).name());
        m.put("errors", calibration ? "whitened (relative errors of the tensors weighted by"
                + " the calibration text's second moments)" : "plain");
        return m;
    }

    private static String describe(RankSpec spec) {
        if (spec instanceof RankSpec.Fixed f) {
            return f.r1() + "," + f.r2() + "," + f.r3();
        }
        if (spec instanceof RankSpec.Tolerance t) {
            return "tolerance " + t.relativeError();
        }
        return "fraction " + ((RankSpec.Fraction) spec).fraction();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
