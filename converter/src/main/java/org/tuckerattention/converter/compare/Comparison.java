package org.tuckerattention.converter.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.tuckerattention.converter.baselines.Baseline;
import org.tuckerattention.converter.baselines.BaselineCheckpoints;
import org.tuckerattention.converter.baselines.BaselineReport;
import org.tuckerattention.converter.baselines.GqaPooling;
import org.tuckerattention.converter.baselines.MlaLatent;
import org.tuckerattention.converter.baselines.PerMatrixSvd;
import org.tuckerattention.converter.baselines.Whitened;
import org.tuckerattention.converter.calibration.Calibration;
import org.tuckerattention.converter.calibration.CalibrationRun;
import org.tuckerattention.converter.compress.AttentionBudget;
import org.tuckerattention.converter.compress.BudgetSummary;
import org.tuckerattention.converter.compress.CompressPipeline;
import org.tuckerattention.converter.compress.CompressProgress;
import org.tuckerattention.converter.compress.CompressReport;
import org.tuckerattention.converter.compress.CompressSettings;
import org.tuckerattention.converter.compress.CoreChoice;
import org.tuckerattention.converter.compress.LayerSelection;
import org.tuckerattention.converter.compress.RopeStrategy;
import org.tuckerattention.converter.compress.RopeWeighting;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.TemporaryFolder;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.validation.comparison.Validation;
import org.tuckerattention.validation.comparison.ValidationReport;
import org.tuckerattention.validation.comparison.ValidationSettings;

/**
 * {@code tucker compare}: at each budget, every baseline and Tucker (HOSVD, HOSVD + HOOI) converted from the
 * same checkpoint and judged by the same runtime and metrics on the same validation text. The per-matrix
 * SVD's query-key/value-output split is chosen on a separate selection part of the text, and so is Tucker's
 * pre/post-softmax split of its global budget (the allocator's own split or a fixed share). GQA cannot be
 * given a budget (its query and output projections stay whole), so it is measured at each head count.
 */
public final class Comparison {

    /** HOOI sweeps of the refined Tucker variant (the compress default). */
    static final int HOOI_SWEEPS = 2;

    public static List<CompareRow> run(CompareSettings s, Consumer<String> progress) {
        try (TemporaryFolder folder = TemporaryFolder.create("tucker-compare-")) {
            Path work = folder.path();
            TextSplit text = TextSplit.of(s.text(), CompareSettings.SELECTION_FRACTION, work);
            List<CompareRow> rows = new ArrayList<>();
            try (Checkpoint ckpt = Checkpoints.open(s.model())) {
                List<AttentionWeights> layers = BaselineCheckpoints.attention(ckpt);
                AttentionGeometry g = layers.get(0).geometry();
                Optional<Calibration> calibration = s.calibration().map(c -> {
                    progress.accept("running the original model on the calibration text " + c.text());
                    return CalibrationRun.collect(s.model(), c.text(), c.tokens(), Optional.empty(), s.device(), true);
                });
                for (int groups = g.nKV() / 2; groups >= 1; groups--) {
                    if (g.nKV() % groups == 0) {
                        GqaPooling gqa = new GqaPooling(g, groups);
                        double fraction = (double) gqa.parametersPerLayer() / g.parametersPerLayer();
                        progress.accept("gqa " + gqa.description());
                        rows.add(baseline(s, ckpt, layers, gqa, fraction, text.validation(), work));
                    }
                }
                for (double budget : s.budgets()) {
                    progress.accept("budget %.4g: mla".formatted(budget));
                    try {
                        rows.add(baseline(s, ckpt, layers, MlaLatent.plan(layers, budget), budget, text.validation(),
                                work));
                    } catch (RankException e) {
                        progress.accept("  mla skipped: " + e.getMessage());
                    }
                    progress.accept("budget %.4g: svd, choosing the query-key share on the selection text"
                            .formatted(budget));
                    Optional<Double> svdShare = best(s, CompareSettings.SHARES, text.selection(), work, progress,
                            (share, out) -> {
                        try {
                            BaselineCheckpoints.write(ckpt, layers, PerMatrixSvd.plan(layers, budget, share), budget,
                                    out, true);
                            return true;
                        } catch (RankException e) {
                            return false;
                        }
                    });
                    if (svdShare.isPresent()) {
                        rows.add(baseline(s, ckpt, layers, PerMatrixSvd.plan(layers, budget, svdShare.get()),
                                budget, text.validation(), work));
                    }
                    progress.accept("budget %.4g: tucker, choosing the pre/post-softmax share on the selection text"
                            .formatted(budget));
                    Optional<OptionalDouble> tuckerShare = best(s, tuckerShares(), text.selection(), work, progress,
                            (share, out) -> {
                        try {
                            compress(s, budget, share, 0, out, Optional.empty());
                            return true;
                        } catch (RankException e) {
                            return false;
                        }
                    });
                    for (int sweeps : new int[] {0, HOOI_SWEEPS}) {
                        if (tuckerShare.isPresent()) {
                            progress.accept("budget %.4g: tucker %s".formatted(budget, sweeps == 0 ? "hosvd" : "hooi"));
                            rows.add(tucker(s, budget, tuckerShare.get(), sweeps, text.validation(), work,
                                    Optional.empty()));
                        }
                    }
                    if (calibration.isPresent()) {
                        rows.addAll(calibrated(s, ckpt, layers, budget, calibration.get(), text, work, progress));
                    }
                }
            }
            rows.sort(Comparator.comparingDouble((CompareRow r) -> -r.budget()));
            return rows;
        }
    }

    /**
     * The activation-aware rows at {@code budget}: the MLA-style latent and per-matrix SVD whitened (SVD-LLM
     * style; the SVD's split chosen again on the selection text) and calibrated Tucker with HOOI (its split
     * too). GQA pooling is left out: the mean commutes with the weighting, so it would repeat its row.
     */
    private static List<CompareRow> calibrated(CompareSettings s, Checkpoint ckpt, List<AttentionWeights> layers,
            double budget, Calibration calibration, TextSplit text, Path work, Consumer<String> progress) {
        List<CompareRow> rows = new ArrayList<>();
        Whitened.Weighting weighting = Whitened.weighting(calibration, layers.size());
        progress.accept("budget %.4g: mla, whitened".formatted(budget));
        try {
            rows.add(baseline(s, ckpt, layers, Whitened.plan(layers, weighting, ls -> MlaLatent.plan(ls, budget)),
                    budget, text.validation(), work));
        } catch (RankException e) {
            progress.accept("  mla-cal skipped: " + e.getMessage());
        }
        progress.accept("budget %.4g: svd, whitened, choosing the query-key share on the selection text"
                .formatted(budget));
        Optional<Double> svdShare = best(s, CompareSettings.SHARES, text.selection(), work, progress, (share, out) -> {
            try {
                BaselineCheckpoints.write(ckpt, layers,
                        Whitened.plan(layers, weighting, ls -> PerMatrixSvd.plan(ls, budget, share)), budget, out, true);
                return true;
            } catch (RankException e) {
                return false;
            }
        });
        svdShare.ifPresent(share -> rows.add(baseline(s, ckpt, layers,
                Whitened.plan(layers, weighting, ls -> PerMatrixSvd.plan(ls, budget, share)), budget, text.validation(),
                work)));
        progress.accept("budget %.4g: tucker, calibrated, choosing the pre/post-softmax share on the selection text"
                .formatted(budget));
        Optional<Calibration> known = Optional.of(calibration);
        Optional<OptionalDouble> tuckerShare = best(s, tuckerShares(), text.selection(), work, progress,
                (share, out) -> {
            try {
                compress(s, budget, share, HOOI_SWEEPS, out, known);
                return true;
            } catch (RankException e) {
                return false;
            }
        });
        tuckerShare.ifPresent(share -> rows.add(
                tucker(s, budget, share, HOOI_SWEEPS, text.validation(), work, known)));
        return rows;
    }

    /** Tucker's pre-softmax shares tried: the allocator's own split first, then the fixed shares. */
    private static List<OptionalDouble> tuckerShares() {
        List<OptionalDouble> out = new ArrayList<>(List.of(OptionalDouble.empty()));
        CompareSettings.SHARES.forEach(share -> out.add(OptionalDouble.of(share)));
        return out;
    }

    /**
     * The query-key share of the budget whose candidate scores best on the selection text (the first of equal
     * scores), or empty when no share fits.
     *
     * @param write writes the candidate for a share to the given folder; false when that share does not fit
     */
    private static <T> Optional<T> best(CompareSettings s, List<T> shares, Path selection, Path work,
            Consumer<String> progress, BiPredicate<T, Path> write) {
        T best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        Path out = work.resolve("candidate");
        for (T share : shares) {
            if (!write.test(share, out)) {
                continue;
            }
            double score = loss(validate(s, out, selection, s.selectionChunks()));
            progress.accept("  query-key share %s: selection loss %.4f".formatted(shareText(share), score));
            if (score < bestScore) {
                bestScore = score;
                best = share;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A share as the progress and the table print it: two decimals, or "auto" for the allocator's split. */
    private static String shareText(Object share) {
        if (share instanceof OptionalDouble o) {
            return o.isPresent() ? shareText(o.getAsDouble()) : "auto";
        }
        return "%.2f".formatted((Double) share);
    }

    private static CompareRow baseline(CompareSettings s, Checkpoint ckpt, List<AttentionWeights> layers,
            Baseline b, double budget, Path text, Path work) {
        Path out = work.resolve("candidate");
        BaselineReport r = BaselineCheckpoints.write(ckpt, layers, b, budget, out, true);
        ValidationReport v = validate(s, out, text, s.chunks());
        long kv = v.original().kvCacheBytesPerToken() == 0 ? 0 : r.kvValuesPerTokenAfter() * Float.BYTES;
        return row(b.method(), budget, b.description(), r.attentionParametersAfter(), kv, v);
    }

    private static CompareRow tucker(CompareSettings s, double budget, OptionalDouble share, int sweeps, Path text,
            Path work, Optional<Calibration> calibration) {
        Path out = work.resolve("candidate");
        CompressReport r = compress(s, budget, share, sweeps, out, calibration);
        ValidationReport v = validate(s, out, text, s.chunks());
        BudgetSummary b = r.budget().orElseThrow();
        String description = ("global budget, pre-softmax share %s: pre %.3g / post %.3g of the original attention,"
                + " max error %.3g").formatted(shareText(share), (double) b.preParameters() / b.originalParameters(),
                (double) b.postParameters() / b.originalParameters(), r.maxRelativeError());
        String method = (sweeps == 0 ? "tucker-hosvd" : "tucker-hooi") + (calibration.isPresent() ? "-cal" : "");
        return row(method, budget, description, r.attentionParametersAfter(),
                v.candidate().kvCacheBytesPerToken(), v);
    }

    /**
     * Tucker at {@code budget}, split between the sides by the allocator and refined by HOOI (what
     * {@code tucker compress --budget} does), judged on the whole of {@code s.text()}.
     *
     * @param work an empty folder for the checkpoint
     */
    public static CompareRow tucker(CompareSettings s, double budget, Path work) {
        return tucker(s, budget, OptionalDouble.empty(), HOOI_SWEEPS, s.text(), work, Optional.empty());
    }

    /**
     * Tucker within the global {@code budget}, {@code share} of it for the pre-softmax sides (empty: the
     * allocator's); calibrated (whitened, attention-weighted offsets) when {@code calibration} is given.
     */
    private static CompressReport compress(CompareSettings s, double budget, OptionalDouble share, int sweeps, Path out,
            Optional<Calibration> calibration) {
        RopeWeighting weighting = calibration.isPresent() ? RopeWeighting.ATTENTION : RopeWeighting.ZERO;
        CompressSettings settings = new CompressSettings(null, null, CoreChoice.AUTO, RopeStrategy.HEAD, weighting,
                sweeps, Optional.empty(), LayerSelection.all(), true, Optional.empty(), s.toolVersion(),
                Optional.of(new AttentionBudget(budget, share)), calibration.isPresent() ? s.calibration() : Optional.empty());
        return CompressPipeline.run(s.model(), out, settings, calibration, CompressProgress.silent());
    }

    private static CompareRow row(String method, double budget, String description, long params, long kvBytes,
            ValidationReport v) {
        return new CompareRow(method, budget, description, params, kvBytes,
                v.causal().map(c -> c.kl().mean()).orElse(Double.NaN),
                v.causal().map(c -> c.topOne().fraction()).orElse(Double.NaN),
                v.encoder().map(e -> e.meanPooled().mean()).orElse(Double.NaN));
    }

    /** What selection minimises: mean KLD for causal models, one minus mean cosine for encoders. */
    private static double loss(ValidationReport v) {
        return v.causal().map(c -> c.kl().mean()).orElseGet(() -> 1 - v.encoder().orElseThrow().meanPooled().mean());
    }

    private static ValidationReport validate(CompareSettings s, Path candidate, Path text, int chunks) {
        return Validation.run(new ValidationSettings(s.model(), candidate, text, s.ctx(),
                OptionalInt.of(chunks), Optional.empty(), s.device()), (done, of) -> {});
    }

    private Comparison() {}
}
