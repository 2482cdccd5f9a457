package org.tuckerattention.converter.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.ranks.RankException;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.samples.SampleModels;
import org.tuckerattention.validation.comparison.Validation;
import org.tuckerattention.validation.comparison.ValidationReport;
import org.tuckerattention.validation.comparison.ValidationSettings;
import org.tuckerattention.validation.runtime.ComputeDevice;

/** Each baseline at full budget is the original model; at a lower one it loads, runs and costs what it says. */
class BaselinesTest {

    private final Path stories = SharedData.stories260K().resolve("hf-f32");
    private final Path text = SharedData.require("data/brown-fiction.txt");

    @Test
    void fullBudgetReproducesStories260K(@TempDir Path dir) {
        for (Function<List<AttentionWeights>, Baseline> method : methods(1.0)) {
            Path out = dir.resolve("b");
            BaselineReport r = convert(stories, method, 1.0, out);
            assertEquals(r.attentionParametersBefore(), r.attentionParametersAfter(), r.method());
            assertEquals(r.kvValuesPerTokenBefore(), r.kvValuesPerTokenAfter(), r.method());
            ValidationReport v = validate(stories, out, 64, 4);
            double kld = v.causal().orElseThrow().kl().mean();
            assertTrue(kld < 1e-6, r.method() + ": mean KLD " + kld);
            assertEquals(1.0, v.causal().orElseThrow().topOne().fraction(), r.method());
        }
    }

    @Test
    void fullBudgetReproducesMiniLm(@TempDir Path dir) {
        Path miniLm = SampleModels.miniLm();
        for (Function<List<AttentionWeights>, Baseline> method : methods(1.0)) {
            Path out = dir.resolve("b");
            BaselineReport r = convert(miniLm, method, 1.0, out);
            ValidationReport v = validate(miniLm, out, 64, 16);
            double cos = v.encoder().orElseThrow().meanPooled().min();
            assertTrue(cos >= 0.9999, r.method() + ": least cosine " + cos);
        }
    }

    @Test
    void lowerBudgetsCostTheirClosedFormsAndValidate(@TempDir Path dir) {
        // stories260K: d 64, 8 query heads, 4 key/value heads of 8, no biases, 5 layers; 12,288 per layer.
        BaselineReport gqa = convert(stories, l -> new GqaPooling(l.get(0).geometry(), 1), 1.0, dir.resolve("g"));
        assertEquals(5L * (64 * 64 + 2 * 8 * 64 + 64 * 64), gqa.attentionParametersAfter());
        assertEquals(5L * 16, gqa.kvValuesPerTokenAfter());

        BaselineReport svd = convert(stories, l -> PerMatrixSvd.plan(l, 0.25, 0.5), 0.25, dir.resolve("s"));
        Settings s = new Settings(svd);
        long perLayer = s.factored("query_rank", 64, 64) + s.factored("key_rank", 32, 64)
                + s.factored("value_rank", 32, 64) + s.factored("output_rank", 64, 64);
        assertEquals(5 * perLayer, svd.attentionParametersAfter());
        assertTrue(svd.attentionParametersAfter() <= 0.25 * 61_440, svd.description());
        assertEquals(5L * (Math.min(32, s.rank("key_rank")) + Math.min(32, s.rank("value_rank"))),
                svd.kvValuesPerTokenAfter());

        BaselineReport mla = convert(stories, l -> MlaLatent.plan(l, 0.25), 0.25, dir.resolve("m"));
        Settings m = new Settings(mla);
        assertEquals(5 * (m.factored("query_rank", 64, 64) + m.factored("key_value_latent", 64, 64)
                + m.factored("output_rank", 64, 64)), mla.attentionParametersAfter());
        assertTrue(mla.attentionParametersAfter() <= 0.25 * 61_440, mla.description());
        assertEquals(5L * m.rank("key_value_latent"), mla.kvValuesPerTokenAfter());

        for (Path out : List.of(dir.resolve("g"), dir.resolve("s"), dir.resolve("m"))) {
            double kld = validate(stories, out, 64, 2).causal().orElseThrow().kl().mean();
            assertTrue(kld > 1e-3 && Double.isFinite(kld), out + ": mean KLD " + kld);
        }
    }

    @Test
    void tooSmallABudgetIsRefused(@TempDir Path dir) {
        assertThrows(RankException.class, () -> convert(stories, l -> MlaLatent.plan(l, 0.001), 0.001,
                dir.resolve("x")));
    }

    @Test
    void poolingKeepsShapesAndAveragesHeads() {
        try (Checkpoint ckpt = Checkpoints.open(stories)) {
            AttentionWeights w = BaselineCheckpoints.attention(ckpt).get(0);
            AttentionGeometry g = w.geometry();
            AttentionWeights p = new GqaPooling(g, 2).convert(w);
            // key heads 0 and 1 become their mean, written to both
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 64; c++) {
                    float mean = (float) (((double) w.wk().get(r, c) + w.wk().get(8 + r, c)) / 2);
                    assertEquals(mean, p.wk().get(r, c));
                    assertEquals(mean, p.wk().get(8 + r, c));
                }
            }
            assertEquals(w.wq(), p.wq());
            assertEquals(w.wo(), p.wo());
        }
    }

    /** The three methods at {@code fraction}, the per-matrix split even. */
    private static List<Function<List<AttentionWeights>, Baseline>> methods(double fraction) {
        return List.of(l -> new GqaPooling(l.get(0).geometry(), l.get(0).geometry().nKV()),
                l -> MlaLatent.plan(l, fraction), l -> PerMatrixSvd.plan(l, fraction, 0.5));
    }

    private static BaselineReport convert(Path model, Function<List<AttentionWeights>, Baseline> method,
            double fraction, Path out) {
        try (Checkpoint ckpt = Checkpoints.open(model)) {
            List<AttentionWeights> layers = BaselineCheckpoints.attention(ckpt);
            BaselineReport r = BaselineCheckpoints.write(ckpt, layers, method.apply(layers), fraction, out, true);
            assertEquals(r.attentionParametersAfter(), BaselineReport.read(out).attentionParametersAfter());
            return r;
        }
    }

    private ValidationReport validate(Path original, Path candidate, int ctx, int chunks) {
        return Validation.run(new ValidationSettings(original, candidate, text, OptionalInt.of(ctx),
                OptionalInt.of(chunks), Optional.empty(), ComputeDevice.CPU), (done, of) -> {});
    }

    /** The ranks a report records, and what a matrix costs at one of them. */
    private record Settings(BaselineReport r) {
        int rank(String key) {
            return r.settings().get(key);
        }

        long factored(String key, int rows, int cols) {
            return Math.min((long) rank(key) * (rows + cols), (long) rows * cols);
        }
    }
}
