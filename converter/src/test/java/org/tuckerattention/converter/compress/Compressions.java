package org.tuckerattention.converter.compress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.SharedData;
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

    /** A copy of stories260K's hf-f32 folder under {@code tmp}, so a test may check it stays unchanged. */
    static Path copyOfStories(Path tmp) throws IOException {
        Path input = Files.createDirectory(tmp.resolve("in"));
        Path source = SharedData.stories260K().resolve("hf-f32");
        for (String name : List.of("config.json", "model.safetensors")) {
            Files.copy(source.resolve(name), input.resolve(name));
        }
        return input;
    }

    /** SHA-256 of each file in {@code dir} by name: equal maps mean the folder is unchanged. */
    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), InputFingerprint.sha256(f));
            }
        }
        return out;
    }

    private Compressions() {}
}
