package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.samples.SampleModels;

/** {@code tucker inspect} on the real models and on synthetic checkpoints of the other architectures. */
class InspectCommandTest {

    static JsonNode inspectJson(Path model) throws Exception {
        CliRun run = CliRun.of("inspect", model.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    static String ranks(JsonNode json, String key) {
        return json.path("structural_ranks").path(key).toString();
    }

    @Test
    void stories260KBf16IsGqaWithStructuralRanks8x64x32() {
        CliRun run = CliRun.of("inspect", SharedData.stories260K().resolve("hf-bf16").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("GQA, 8 query heads, 4 key/value heads, head dim 8"), run.out());
        assertTrue(run.out().contains("layers         5"), run.out());
        assertTrue(run.out().contains("width d        64"), run.out());
        assertTrue(run.out().contains("pre-softmax   W_i = Q_i K_g(i)^T  (RoPE offset 0)   (8, 64, 32)"), run.out());
        assertTrue(run.out().contains("(8, 64, 32)      of (8, 64, 64)"), run.out());
        assertTrue(run.out().lines().allMatch(l -> l.length() <= 100), run.out());
    }

    @Test
    void allThreeStoriesFormsReportTheSameGeometry() throws Exception {
        Path dir = SharedData.stories260K();
        for (Path p : new Path[] {dir.resolve("hf-f32"), dir.resolve("hf-bf16"), dir.resolve("stories260K.bin")}) {
            JsonNode j = inspectJson(p);
            assertEquals("GQA", j.path("mechanism").asText(), p.toString());
            assertEquals(8, j.path("query_heads").asInt());
            assertEquals(4, j.path("kv_heads").asInt());
            assertEquals(64, j.path("hidden_size").asInt());
            assertEquals(5, j.path("layers").asInt());
            assertEquals("[8,64,32]", ranks(j, "pre_softmax"));
            assertEquals("[8,64,32]", ranks(j, "post_softmax"));
            assertEquals(5L * (64 * 64 * 2 + 2 * 32 * 64), j.path("attention_parameters").asLong());
            assertEquals(5L * 64, j.path("kv_cache_values_per_token").asLong());
        }
    }

    @Test
    void miniLmFromTheMavenArtifactIsMhaWithBiases() throws Exception {
        JsonNode j = inspectJson(SampleModels.miniLm());
        assertEquals("bert", j.path("model_type").asText());
        assertEquals("MHA", j.path("mechanism").asText());
        assertEquals(6, j.path("layers").asInt());
        assertEquals(12, j.path("query_heads").asInt());
        assertEquals(32, j.path("head_dim").asInt());
        assertEquals(384, j.path("hidden_size").asInt());
        assertTrue(j.path("qkv_bias").asBoolean() && j.path("output_bias").asBoolean());
        assertEquals("[12,384,384]", ranks(j, "pre_softmax"));
        assertEquals(6L * (4 * 384 * 384 + 4 * 384), j.path("attention_parameters").asLong());
    }

    @Test
    void syntheticGpt2ViTQwen2AndDeepseekHaveTheirStructuralRanks(@TempDir Path tmp) throws Exception {
        Path gpt2 = SyntheticModels.gpt2().writeHfFolder(tmp.resolve("gpt2"), DType.F16);
        assertEquals("[4,16,16]", ranks(inspectJson(gpt2), "pre_softmax"));
        Path vit = SyntheticModels.vit().writeHfFolder(tmp.resolve("vit"), DType.F32);
        assertEquals("[2,16,16]", ranks(inspectJson(vit), "post_softmax"));
        JsonNode qwen = inspectJson(SyntheticModels.llama("qwen2", true).writeHfFolder(tmp.resolve("qwen2"), DType.BF16));
        assertEquals("[4,24,12]", ranks(qwen, "pre_softmax"));
        assertTrue(qwen.path("qkv_bias").asBoolean());
        JsonNode mla = inspectJson(SyntheticModels.deepseekV2(true).writeHfFolder(tmp.resolve("dsv2"), DType.BF16));
        assertEquals("MLA", mla.path("mechanism").asText());
        assertEquals("[4,10,8]", ranks(mla, "pre_softmax"));
        assertEquals("[4,20,8]", ranks(mla, "post_softmax"));
        assertEquals(2L * (8 + 2), mla.path("kv_cache_values_per_token").asLong());
    }
}
