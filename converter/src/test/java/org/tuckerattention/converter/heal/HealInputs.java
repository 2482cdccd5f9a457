package org.tuckerattention.converter.heal;

import java.nio.file.Path;
import java.util.Optional;
import org.tuckerattention.converter.compress.CompressPipeline;
import org.tuckerattention.converter.compress.CompressProgress;
import org.tuckerattention.converter.compress.CompressSettings;
import org.tuckerattention.converter.compress.CoreChoice;
import org.tuckerattention.converter.compress.LayerSelection;
import org.tuckerattention.converter.compress.RopeStrategy;
import org.tuckerattention.converter.compress.RopeWeighting;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.validation.runtime.ComputeDevice;

/** Checkpoints and settings shared by the healing tests: stories260K (real, tiny) and Brown text. */
final class HealInputs {

    static final Path BROWN = SharedData.require("data/brown-fiction.txt");

    static Path stories() {
        return SharedData.stories260K().resolve("hf-f32");
    }

    static Path storiesTokenizer() {
        return SharedData.stories260K().resolve("tok512.bin");
    }

    /** {@code model} compressed into {@code out} with the given ranks of both sides. */
    static Path compress(Path model, Path out, RankSpec ranks, CoreChoice core, RopeStrategy rope) {
        CompressPipeline.run(model, out, new CompressSettings(ranks, ranks, core, rope, RopeWeighting.ZERO, 1,
                Optional.empty(), LayerSelection.all(), false, Optional.of(MatrixProducts.ejml()), "test"),
                CompressProgress.silent());
        return out;
    }

    /** Small, fast settings on stories260K: windows of 64 tokens, batches of 2, four held-out chunks. */
    static HealSettings settings(Path compressed, Path output, int steps, double lr, int evalEvery) {
        return new HealSettings(stories(), compressed, output, BROWN, Optional.empty(), Optional.of(storiesTokenizer()),
                steps, lr, 1, 64, 2, 7, 1.0, evalEvery, 4, ComputeDevice.CPU, false, false, "test");
    }

    private HealInputs() {}
}
