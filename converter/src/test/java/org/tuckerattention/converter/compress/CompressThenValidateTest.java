package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.samples.SampleModels;
import org.tuckerattention.validation.comparison.CausalResult;
import org.tuckerattention.validation.comparison.EncoderResult;
import org.tuckerattention.validation.comparison.Validation;
import org.tuckerattention.validation.comparison.ValidationReport;
import org.tuckerattention.validation.comparison.ValidationSettings;
import org.tuckerattention.validation.comparison.Verdict;
import org.tuckerattention.validation.runtime.ComputeDevice;

/**
 * The two halves meet: what {@code tucker compress} writes at full rank, the runtime runs as the original
 * model (stories260K with head RoPE; MiniLM from its ONNX export), on real Brown text.
 */
class CompressThenValidateTest {

    private final Path brown = SharedData.require("data/brown-fiction.txt");

    @Test
    void fullRankStories260KValidatesAsIdentical(@TempDir Path tmp) {
        Path stories = SharedData.stories260K();
        Path out = tmp.resolve("tucker");
        CompressPipeline.run(stories.resolve("hf-f32"), out, Compressions.settings(RankSpec.fixed(8, 64, 32),
                RankSpec.fixed(8, 64, 32), CoreChoice.HEAD_FACTORED, RopeWeighting.ZERO), CompressProgress.silent());
        ValidationReport r = validate(stories.resolve("hf-f32"), out, 128, 4, Optional.of(stories.resolve("tok512.bin")));
        CausalResult c = r.causal().orElseThrow();
        assertTrue(c.kl().mean() < 1e-6, "mean KLD " + c.kl().mean());
        assertEquals(1.0, c.topOne().fraction());
        assertEquals(Verdict.NEAR_LOSSLESS, r.verdict());
    }

    @Test
    void fullRankMiniLmKeepsEverySentenceEmbedding(@TempDir Path tmp) {
        Path out = tmp.resolve("tucker");
        CompressPipeline.run(SampleModels.miniLm(), out, Compressions.settings(RankSpec.fixed(12, 384, 384),
                RankSpec.fixed(12, 384, 384), CoreChoice.HEAD_FACTORED, 0), CompressProgress.silent());
        ValidationReport r = validate(SampleModels.miniLm(), out, 64, 12, Optional.empty());
        EncoderResult e = r.encoder().orElseThrow();
        assertTrue(e.meanPooled().min() >= 0.9999, "min cosine " + e.meanPooled().min());
        assertEquals(Verdict.NEAR_LOSSLESS, r.verdict());
    }

    private ValidationReport validate(Path original, Path candidate, int ctx, int chunks, Optional<Path> tokenizer) {
        return Validation.run(new ValidationSettings(original, candidate, brown, OptionalInt.of(ctx),
                OptionalInt.of(chunks), tokenizer, ComputeDevice.CPU), (done, of) -> {});
    }
}
