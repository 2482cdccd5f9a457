package org.tuckerattention.validation.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.samples.SampleModels;
import org.tuckerattention.validation.runtime.ComputeDevice;
import org.tuckerattention.validation.runtime.ExactTuckerFolders;

/** {@code tucker validate} end to end on real models and Brown text, with exact Tucker candidates on disk. */
class ValidationTest {

    private final Path stories = SharedData.stories260K();
    private final Path brown = SharedData.require("data/brown-fiction.txt");

    @Test
    void exactTuckerStories260KValidatesAsIdentical(@TempDir Path dir) {
        Path tucker = ExactTuckerFolders.write(stories.resolve("hf-f32"), dir.resolve("tucker"), "head", "head-factored",
                "dense");
        ValidationReport r = Validation.run(settings(stories.resolve("hf-f32"), tucker, 128, 3,
                Optional.of(stories.resolve("tok512.bin"))), (done, of) -> {});
        CausalResult c = r.causal().orElseThrow();
        assertTrue(c.kl().mean() < 1e-6, "mean KLD " + c.kl().mean());
        assertEquals(1.0, c.topOne().fraction());
        assertEquals(3 * 63, c.kl().tokens());
        assertEquals(1.0, c.perplexityRatio(), 1e-4);
        assertEquals(Verdict.NEAR_LOSSLESS, r.verdict());
        assertEquals(5, r.layers().size());
        // Full rank: the cache holds X U3 and X Ũ3, d + d values per layer, twice the original's 2·nKV·dH.
        assertEquals(5 * 128 * 4, r.candidate().kvCacheBytesPerToken());
        StringWriter text = new StringWriter();
        ValidationReportText.print(r, new PrintWriter(text));
        assertTrue(text.toString().contains("verdict: near-lossless"), text.toString());
        assertTrue(text.toString().contains("3 chunks of 128 tokens"), text.toString());
        assertTrue(ValidationReportJson.toJson(r).path("causal").path("kl").has("p99"));
    }

    @Test
    void exactTuckerMiniLmKeepsEverySentenceEmbedding(@TempDir Path dir) {
        Path tucker = ExactTuckerFolders.write(SampleModels.miniLm(), dir.resolve("tucker"), "none", "head-factored",
                "head-factored");
        ValidationReport r = Validation.run(settings(SampleModels.miniLm(), tucker, 64, 12, Optional.empty()),
                (done, of) -> {});
        EncoderResult e = r.encoder().orElseThrow();
        assertEquals(12, e.meanPooled().sentences());
        assertTrue(e.meanPooled().min() >= 0.9999, "min cosine " + e.meanPooled().min());
        assertTrue(e.hiddenStateRelativeError() < 1e-4, "hidden-state error " + e.hiddenStateRelativeError());
        assertEquals(Verdict.NEAR_LOSSLESS, r.verdict());
    }

    @Test
    void aTextShorterThanOneChunkIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path shortText = java.nio.file.Files.writeString(dir.resolve("short.txt"), "Once upon a time.");
        ValidationSettings s = new ValidationSettings(stories.resolve("hf-f32"), stories.resolve("hf-bf16"), shortText,
                OptionalInt.of(128), OptionalInt.empty(), Optional.empty(), ComputeDevice.CPU);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Validation.run(s, (done, of) -> {}));
        assertTrue(e.getMessage().startsWith("short.txt: "), e.getMessage());
    }

    private ValidationSettings settings(Path original, Path candidate, int ctx, int chunks, Optional<Path> tokenizer) {
        return new ValidationSettings(original, candidate, brown, OptionalInt.of(ctx), OptionalInt.of(chunks), tokenizer,
                ComputeDevice.CPU);
    }

}
