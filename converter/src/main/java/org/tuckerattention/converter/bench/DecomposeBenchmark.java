package org.tuckerattention.converter.bench;

import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.converter.tucker.FactoredTensor;
import org.tuckerattention.converter.tucker.Hooi;
import org.tuckerattention.converter.tucker.ModeGram;
import org.tuckerattention.converter.tucker.TuckerDecomposition;
import org.tuckerattention.converter.tucker.TuckerOptions;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.adapters.AttentionWeights;
import org.tuckerattention.formats.adapters.Rope;
import org.tuckerattention.formats.tensor.Matrix;

/**
 * Times the decomposition of both attention tensors of one layer with seeded random weights of a given
 * shape: Gram products and HOSVD + HOOI, weight generation excluded. The yardstick of issue 3.
 */
public final class DecomposeBenchmark {

    /** The shape and settings of one run. */
    public record Shape(int d, int heads, int headDim, int kvHeads, int[] ranks, int hooiSweeps, long seed) {}

    /**
     * What one run measured.
     *
     * @param factorGramSeconds forming the per-head blocks L_iᵀL_i and R_gᵀR_g of both tensors, which give
     *     ‖X‖² and the middle factors of the query and key Grams (these are then applied implicitly, or
     *     formed, inside the decomposition)
     * @param decomposeSeconds HOSVD and HOOI of both tensors, mode Grams included
     * @param heapPeakBytes JVM heap peak during the measured part
     * @param residentPeakBytes process peak resident set during the measured part, -1 where unknown
     * @param cpuSeconds CPU time of the whole process during the measured part (libtorch's threads
     *     included), negative where unknown: on a shared machine it moves less than the wall time
     * @param loadAverage the system's one-minute load average when the run started, negative where unknown
     */
    public record Result(
            Shape shape,
            String backend,
            String method,
            double factorGramSeconds,
            double decomposeSeconds,
            double preError,
            double postError,
            long heapPeakBytes,
            long residentPeakBytes,
            double cpuSeconds,
            double loadAverage) {

        public double totalSeconds() {
            return factorGramSeconds + decomposeSeconds;
        }
    }

    /** Runs once; the ranks are validated against both tensors before any weight is made. */
    public static Result run(Shape s, TuckerOptions options) {
        RankSpec.validate(s.ranks(), new int[] {s.heads(), s.d(), s.d()}, FactoredTensor.PRE_SOFTMAX_MODES);
        RankSpec.validate(s.ranks(), new int[] {s.heads(), s.d(), s.d()}, FactoredTensor.POST_SOFTMAX_MODES);
        AttentionWeights w = randomWeights(s);
        System.gc();
        PeakMemory.reset();
        double load = ProcessLoad.loadAverage();
        long cpu0 = ProcessLoad.cpuNanos();
        long t0 = System.nanoTime();
        ModeGram pre = new ModeGram(FactoredTensor.preSoftmax(w), options.products());
        ModeGram post = new ModeGram(FactoredTensor.postSoftmax(w), options.products());
        long t1 = System.nanoTime();
        TuckerOptions o = options.maxIterations(s.hooiSweeps()).seed(s.seed());
        TuckerDecomposition a = Hooi.decompose(pre, o);
        TuckerDecomposition b = Hooi.decompose(post, o);
        long t2 = System.nanoTime();
        long cpu2 = ProcessLoad.cpuNanos();
        return new Result(
                s,
                options.products().name(),
                options.method().name().toLowerCase(Locale.ROOT),
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                a.relativeError(),
                b.relativeError(),
                PeakMemory.heapBytes(),
                PeakMemory.residentBytes().orElse(-1),
                cpu0 < 0 ? -1 : (cpu2 - cpu0) / 1e9,
                load);
    }

    /** Gaussian weights scaled by 1/sqrt(d), the variance of a standard initialisation. */
    static AttentionWeights randomWeights(Shape s) {
        AttentionGeometry g = AttentionGeometry.standard(1, s.d(), s.heads(), s.kvHeads(), s.headDim(), Rope.NONE, false, false);
        Random random = new Random(s.seed());
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        return new AttentionWeights(g, 0,
                gaussian(random, q, s.d()), gaussian(random, kv, s.d()), gaussian(random, kv, s.d()),
                gaussian(random, s.d(), q),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Matrix gaussian(Random random, int rows, int cols) {
        float[] v = new float[rows * cols];
        double scale = 1 / Math.sqrt(cols);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return new Matrix(rows, cols, v);
    }

    private DecomposeBenchmark() {}
}
