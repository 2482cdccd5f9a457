package org.tuckerattention.converter.compress;

import java.util.Optional;
import java.util.Random;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.tensor.DType;

/** Settings and inputs shared by the compress tests. */
final class Compressions {

    static CompressSettings settings(RankSpec pre, RankSpec post, CoreChoice core, RopeWeighting weighting) {
        return settings(pre, post, core, RopeStrategy.HEAD, weighting, Optional.empty());
    }

    static CompressSettings settings(
            RankSpec pre, RankSpec post, CoreChoice core, RopeStrategy rope, RopeWeighting weighting,
            Optional<DType> dtype) {
        return new CompressSettings(pre, post, core, rope, weighting, 1, dtype, LayerSelection.all(), false,
                Optional.of(MatrixProducts.ejml()), "test");
    }

    /** As {@link #settings(RankSpec, RankSpec, CoreChoice, RopeWeighting)} with {@code sweeps} HOOI sweeps. */
    static CompressSettings settings(RankSpec pre, RankSpec post, CoreChoice core, int sweeps) {
        return new CompressSettings(pre, post, core, RopeStrategy.HEAD, RopeWeighting.ZERO, sweeps, Optional.empty(),
                LayerSelection.all(), false, Optional.of(MatrixProducts.ejml()), "test");
    }

    /** {@code n} tokens of width {@code d}, standard Gaussian entries. */
    static double[][] tokens(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    /** {@code max |a − b| / max |b|}. */
    static double relativeMaxDifference(double[][] a, double[][] b) {
        double diff = 0;
        double scale = 0;
        for (int m = 0; m < a.length; m++) {
            for (int r = 0; r < a[m].length; r++) {
                diff = Math.max(diff, Math.abs(a[m][r] - b[m][r]));
                scale = Math.max(scale, Math.abs(b[m][r]));
            }
        }
        return diff / scale;
    }

    private Compressions() {}
}
