package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.linalg.MatrixProducts;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * {@code --budget} is one budget for all compressed layers: the Tucker values written, folded biases included,
 * are at most the fraction of the original attention parameters of those layers, and at most what the plan
 * counted — so the spend lands within a few values of the budget.
 */
class CompressBudgetTest {

    @Test
    void stories260KSpendsItsBudgetAndNoMore(@TempDir Path tmp) throws IOException {
        Path input = SharedData.stories260K().resolve("hf-f32");
        for (double fraction : new double[] {0.5, 0.125}) {
            Path out = tmp.resolve("out-" + fraction);
            CompressReport r = CompressPipeline.run(input, out, settings(AttentionBudget.of(fraction), CoreChoice.AUTO,
                    RopeStrategy.HEAD, LayerSelection.all()), CompressProgress.silent());
            BudgetSummary b = r.budget().orElseThrow();
            assertEquals(61_440, b.originalParameters());
            assertEquals((long) Math.floor(fraction * 61_440), b.limit());
            assertSpend(out, r, 0.97);
            for (LayerResult l : r.compressed()) {
                assertEquals("head-factored", l.pre().storageName(), "head RoPE keeps the query/key side per head");
            }
        }
    }

    @Test
    void chosenLayersOnlyAndAGivenShare(@TempDir Path tmp) throws IOException {
        Path input = SharedData.stories260K().resolve("hf-f32");
        Path out = tmp.resolve("out");
        AttentionBudget budget = new AttentionBudget(0.25, OptionalDouble.of(0.3));
        CompressReport r = CompressPipeline.run(input, out, settings(budget, CoreChoice.AUTO, RopeStrategy.HEAD,
                LayerSelection.parse("1,3")), CompressProgress.silent());
        BudgetSummary b = r.budget().orElseThrow();
        assertEquals(2 * 12_288, b.originalParameters(), "only the compressed layers count");
        long pre = r.compressed().stream().mapToLong(l -> l.pre().parameters()).sum();
        long post = r.compressed().stream().mapToLong(l -> l.post().parameters()).sum();
        assertEquals(b.preParameters(), pre);
        assertEquals(b.postParameters(), post);
        assertTrue(pre <= (long) Math.floor(0.3 * b.limit()), pre + " pre-softmax values");
        assertTrue(pre + post <= b.limit());
        assertSpend(out, r, 0.97);
    }

    @Test
    void latentRopeKeepsEvenKeyRanksWithinTheBudget(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CompressReport r = CompressPipeline.run(SharedData.stories260K().resolve("hf-f32"), out,
                settings(AttentionBudget.of(0.25), CoreChoice.AUTO, RopeStrategy.LATENT, LayerSelection.all()),
                CompressProgress.silent());
        for (LayerResult l : r.compressed()) {
            assertEquals("dense", l.pre().storageName());
            assertEquals(0, l.pre().ranks()[2] % 2, "latent RoPE rotates pairs");
        }
        assertSpend(out, r, 0.97);
    }

    @Test
    void foldedBiasesAreCountedForEveryStorage(@TempDir Path tmp) throws IOException {
        // GPT-2: a query bias beside a dense core grows with r3, beside a head-factored one it does not.
        Path input = SyntheticModels.gpt2().writeHfFolder(tmp.resolve("gpt2"), DType.F32);
        for (CoreChoice core : CoreChoice.values()) {
            Path out = tmp.resolve("out-" + core);
            CompressReport r = CompressPipeline.run(input, out, settings(AttentionBudget.of(0.6), core,
                    RopeStrategy.HEAD, LayerSelection.all()), CompressProgress.silent());
            if (core != CoreChoice.AUTO) {
                String storage = core == CoreChoice.DENSE ? "dense" : "head-factored";
                for (LayerResult l : r.compressed()) {
                    assertEquals(storage, l.pre().storageName());
                    assertEquals(storage, l.post().storageName());
                }
            }
            assertSpend(out, r, 0.9);
        }
    }

    @Test
    void mlaCountsItsKeptDownProjectionsAndRopeRows(@TempDir Path tmp) throws IOException {
        Path input = SyntheticModels.deepseekV2(false).writeHfFolder(tmp.resolve("mla"), DType.F32);
        Path out = tmp.resolve("out");
        CompressReport r = CompressPipeline.run(input, out, settings(AttentionBudget.of(0.7), CoreChoice.AUTO,
                RopeStrategy.HEAD, LayerSelection.all()), CompressProgress.silent());
        assertEquals("MLA", r.mechanism());
        assertSpend(out, r, 0.95);
    }

    /** Written values = the report's = the plan's, at most the limit and at least {@code least} of it. */
    private static void assertSpend(Path out, CompressReport r, double least) throws IOException {
        BudgetSummary b = r.budget().orElseThrow();
        long stored = r.compressedParametersAfter();
        assertTrue(stored <= b.plannedParameters(), "a head-factored alternative never stores more than planned");
        long kept = r.compressed().stream().mapToLong(LayerResult::keptParameters).sum();
        assertEquals(stored, b.preParameters() + b.postParameters() + kept);
        assertTrue(stored <= b.limit(), stored + " stored over a limit of " + b.limit());
        assertTrue(stored >= least * b.limit(), stored + " stored of a limit of " + b.limit());
        try (Checkpoint c = Checkpoints.open(out)) {
            long tucker = c.tensors().values().stream().filter(t -> t.name().contains(".tucker."))
                    .mapToLong(TensorRef::elementCount).sum();
            assertEquals(stored, tucker + kept);
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("tucker_report.json").toFile()).get("budget");
        assertEquals(b.limit(), json.get("limit").asLong());
        assertEquals(stored, json.get("spent").asLong());
    }

    private static CompressSettings settings(AttentionBudget budget, CoreChoice core, RopeStrategy rope,
            LayerSelection layers) {
        return CompressSettings.withBudget(budget, core, rope, RopeWeighting.ZERO, 1, Optional.empty(), layers,
                false, Optional.of(MatrixProducts.ejml()), "test");
    }
}
