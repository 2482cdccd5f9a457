package org.tuckerattention.converter.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.converter.ranks.RankSpec;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.samples.SampleModels;

/**
 * Full-rank compression is exact: every layer's attention rebuilt from the WRITTEN files by the
 * formulas of docs/checkpoint-format.md ({@link AttentionOracle}) reproduces the original layer's
 * output on random tokens to float precision (the Tucker tensors are stored as F32).
 */
class CompressFullRankTest {

    /** F32 factors: about 1e-7 per value (measured 4e-8 to 2e-7), a little more through products and softmax. */
    private static final double FLOAT_PRECISION = 2e-6;

    @Test
    void stories260KWithHeadRopeIsExactAtFullRank(@TempDir Path tmp) throws IOException {
        Path input = SharedData.stories260K().resolve("hf-f32");
        CompressReport r = CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(8, 64, 64), RankSpec.fixed(8, 64, 64), CoreChoice.AUTO, RopeWeighting.ZERO),
                CompressProgress.silent());
        List<String> storages = assertReproduces(input, tmp.resolve("out"), 5);
        assertTrue(storages.stream().allMatch(s -> s.startsWith("head-factored/")), storages.toString());
        assertTrue(r.maxRelativeError() < 1e-6, "reported error " + r.maxRelativeError());
    }

    @Test
    void stories260KWithUniformWeightingAndDenseValueSideIsExactAtFullRank(@TempDir Path tmp) throws IOException {
        Path input = SharedData.stories260K().resolve("hf-f32");
        CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(8, 64, 64), RankSpec.fixed(8, 64, 64), CoreChoice.DENSE, RopeWeighting.UNIFORM),
                CompressProgress.silent());
        List<String> storages = assertReproduces(input, tmp.resolve("out"), 5);
        assertTrue(storages.stream().allMatch(s -> s.equals("head-factored/dense")), storages.toString());
    }

    @Test
    void miniLmFromOnnxIsExactAtFullRank(@TempDir Path tmp) throws IOException {
        Path input = SampleModels.miniLm();
        CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(12, 384, 384), RankSpec.fixed(12, 384, 384), CoreChoice.HEAD_FACTORED, 0),
                CompressProgress.silent());
        assertReproduces(input, tmp.resolve("out"), 6);
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve("tokenizer.json")), "tokenizer copied");
    }

    @Test
    void qwen2WithQueryAndKeyBiasesUnderHeadRopeIsExactAtFullRank(@TempDir Path tmp) throws IOException {
        Path input = SyntheticModels.llama("qwen2", true).writeHfFolder(tmp.resolve("qwen2"), DType.F32);
        CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(4, 24, 24), RankSpec.fixed(4, 24, 24), CoreChoice.AUTO, RopeWeighting.UNIFORM),
                CompressProgress.silent());
        assertReproduces(input, tmp.resolve("out"), 2);
        try (Checkpoint out = Checkpoints.open(tmp.resolve("out"))) {
            assertTrue(out.has("model.layers.0.self_attn.tucker.pre.key_bias"), "the key bias stays under RoPE");
            assertTrue(out.has("model.layers.0.self_attn.tucker.post.output_bias"), "the value bias is folded");
        }
    }

    @Test
    void vitIsExactAtFullRank(@TempDir Path tmp) throws IOException {
        Path input = SyntheticModels.vit().writeHfFolder(tmp.resolve("vit"), DType.F32);
        CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(2, 16, 16), RankSpec.fixed(2, 16, 16), CoreChoice.AUTO, RopeWeighting.ZERO),
                CompressProgress.silent());
        assertReproduces(input, tmp.resolve("out"), 2);
    }

    @Test
    void gpt2WithDenseCoresAndBiasesIsExactAtFullRank(@TempDir Path tmp) throws IOException {
        Path input = SyntheticModels.gpt2().writeHfFolder(tmp.resolve("gpt2"), DType.F32);
        CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(4, 16, 16), RankSpec.fixed(4, 16, 16), CoreChoice.DENSE, RopeWeighting.ZERO),
                CompressProgress.silent());
        List<String> storages = assertReproduces(input, tmp.resolve("out"), 2);
        assertEquals(List.of("dense/dense", "dense/dense"), storages);
    }

    @Test
    void bertWithHeadFactoredCoresAndBiasesIsExactAtFullRank(@TempDir Path tmp) throws IOException {
        Path input = SyntheticModels.bert("bert.").writeHfFolder(tmp.resolve("bert"), DType.F32);
        CompressPipeline.run(input, tmp.resolve("out"), Compressions.settings(
                RankSpec.fixed(3, 12, 12), RankSpec.fixed(3, 12, 12), CoreChoice.HEAD_FACTORED, RopeWeighting.ZERO),
                CompressProgress.silent());
        assertReproduces(input, tmp.resolve("out"), 2);
    }

    /** Checks every layer against the original; returns "pre/post" storage per layer. */
    static List<String> assertReproduces(Path input, Path output, int layers) throws IOException {
        JsonNode config = new ObjectMapper().readTree(output.resolve("config.json").toFile());
        JsonNode block = config.get("tucker_attention");
        assertEquals(layers, block.get("layers").size());
        List<String> storages = new ArrayList<>();
        Random random = new Random(345);
        try (Checkpoint original = Checkpoints.open(input); Checkpoint compressed = Checkpoints.open(output)) {
            ArchitectureAdapter adapter = Adapters.forConfig(original.config());
            AttentionGeometry g = adapter.geometry(original.config());
            for (JsonNode layer : block.get("layers")) {
                int l = layer.get("layer").asInt();
                double[][] x = Compressions.tokens(random, 7, g.d());
                double[][] expected = AttentionOracle.original(adapter.attention(original, g, l), x);
                double[][] actual = AttentionOracle.compressed(compressed, layer, g, x);
                double difference = Compressions.relativeMaxDifference(actual, expected);
                assertTrue(difference < FLOAT_PRECISION, "layer " + l + ": relative difference " + difference);
                storages.add(layer.get("pre").get("storage").asText() + "/" + layer.get("post").get("storage").asText());
            }
        }
        return storages;
    }
}
