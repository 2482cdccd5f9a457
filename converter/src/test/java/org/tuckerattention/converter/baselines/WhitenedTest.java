package org.tuckerattention.converter.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.calibration.Calibration;
import org.tuckerattention.converter.calibration.CalibrationRun;
import org.tuckerattention.converter.calibration.Whitening;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.tensor.Matrix;
import org.tuckerattention.samples.SampleModels;
import org.tuckerattention.validation.comparison.Validation;
import org.tuckerattention.validation.comparison.ValidationReport;
import org.tuckerattention.validation.comparison.ValidationSettings;
import org.tuckerattention.validation.runtime.ComputeDevice;

/**
 * The activation-aware (whitened) baselines: at full budget they are the original model; below it, a
 * truncation in whitened coordinates has the smaller error on the calibration activations (Eckart–Young in
 * the metric of Σ), projection by projection, on stories260K's real weights and statistics.
 */
class WhitenedTest {

    private final Path stories = SharedData.stories260K().resolve("hf-f32");
    private final Path text = SharedData.require("data/brown-fiction.txt");

    @Test
    void fullBudgetReproducesStories260K(@TempDir Path dir) {
        Calibration c = CalibrationRun.collect(stories, text, 1024, Optional.empty(), ComputeDevice.CPU, true);
        for (Function<List<AttentionWeights>, Baseline> method : List.<Function<List<AttentionWeights>, Baseline>>of(
                l -> MlaLatent.plan(l, 1.0), l -> PerMatrixSvd.plan(l, 1.0, 0.5))) {
            Path out = dir.resolve("b");
            BaselineReport r = convert(stories, c, method, out);
            assertTrue(r.method().endsWith("-cal"), r.method());
            ValidationReport v = validate(stories, out, 64, 4);
            double kld = v.causal().orElseThrow().kl().mean();
            assertTrue(kld < 1e-6, r.method() + ": mean KLD " + kld);
            assertEquals(1.0, v.causal().orElseThrow().topOne().fraction(), r.method());
        }
    }

    @Test
    void fullBudgetReproducesMiniLm(@TempDir Path dir) {
        Path miniLm = SampleModels.miniLm();
        Calibration c = CalibrationRun.collect(miniLm, text, 512, Optional.empty(), ComputeDevice.CPU, true);
        for (Function<List<AttentionWeights>, Baseline> method : List.<Function<List<AttentionWeights>, Baseline>>of(
                l -> MlaLatent.plan(l, 1.0), l -> PerMatrixSvd.plan(l, 1.0, 0.5))) {
            Path out = dir.resolve("b");
            BaselineReport r = convert(miniLm, c, method, out);
            double cos = validate(miniLm, out, 64, 16).encoder().orElseThrow().meanPooled().min();
            assertTrue(cos >= 0.9999, r.method() + ": least cosine " + cos);
        }
    }

    @Test
    void whitenedTruncationHasTheSmallerErrorOnTheActivations() {
        Calibration c = CalibrationRun.collect(stories, text, 2048, Optional.empty(), ComputeDevice.CPU, true);
        try (Checkpoint ckpt = Checkpoints.open(stories)) {
            List<AttentionWeights> layers = BaselineCheckpoints.attention(ckpt);
            int better = 0;
            for (AttentionWeights w : layers) {
                Whitening x = c.whitening(w.layer());
                Whitening z = c.contextWhitening(w.layer()).orElseThrow();
                for (int rank : new int[] {4, 16}) {
                    better += check(w.wq(), x, rank, "layer " + w.layer() + " wq");
                    better += check(w.wk(), x, rank, "layer " + w.layer() + " wk");
                    better += check(w.wv(), x, rank, "layer " + w.layer() + " wv");
                    better += check(w.wo(), z, rank, "layer " + w.layer() + " wo");
                }
            }
            // Real activations are far from isotropic: the weighting must matter, not merely tie.
            assertTrue(better >= 20, better + " of 40 truncations clearly better whitened");
        }
    }

    /** Asserts ‖(W − Ŵ) S‖ of the whitened rank-r truncation is at most the plain one's; 1 when 1 % smaller. */
    private static int check(Matrix w, Whitening s, int rank, String what) {
        Matrix plain = LowRank.of(w).truncated(rank);
        Matrix whitened = s.unweigh(LowRank.of(s.weigh(w)).truncated(rank));
        double plainError = weightedError(w, plain, s);
        double whitenedError = weightedError(w, whitened, s);
        assertTrue(whitenedError <= plainError * (1 + 1e-5), what + " rank " + rank + ": whitened "
                + whitenedError + " > plain " + plainError);
        return whitenedError < 0.99 * plainError ? 1 : 0;
    }

    private static double weightedError(Matrix w, Matrix approximation, Whitening s) {
        float[] a = s.weigh(w).data();
        float[] b = s.weigh(approximation).data();
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double e = (double) a[k] - b[k];
            sum += e * e;
        }
        return Math.sqrt(sum);
    }

    private static BaselineReport convert(Path model, Calibration c, Function<List<AttentionWeights>, Baseline> method,
            Path out) {
        try (Checkpoint ckpt = Checkpoints.open(model)) {
            List<AttentionWeights> layers = BaselineCheckpoints.attention(ckpt);
            Whitened b = Whitened.plan(layers, Whitened.weighting(c, layers.size()), method);
            return BaselineCheckpoints.write(ckpt, layers, b, 1.0, out, true);
        }
    }

    private ValidationReport validate(Path original, Path candidate, int ctx, int chunks) {
        return Validation.run(new ValidationSettings(original, candidate, text, OptionalInt.of(ctx),
                OptionalInt.of(chunks), Optional.empty(), ComputeDevice.CPU), (done, of) -> {});
    }
}
