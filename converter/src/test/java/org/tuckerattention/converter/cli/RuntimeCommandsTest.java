package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.samples.SampleModels;

/** {@code tucker validate}, {@code generate} and {@code embed} on the real models, and their refusals. */
class RuntimeCommandsTest {

    private final Path stories = SharedData.stories260K();

    @Test
    void validatePrintsTheFullTableAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        CliRun run = CliRun.of("validate", stories.resolve("hf-f32").toString(), stories.resolve("hf-bf16").toString(),
                "--text", SharedData.require("data/brown-fiction.txt").toString(), "--ctx", "128", "--chunks", "2",
                "--device", "cpu", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String expected : new String[] {"attention parameters", "KV cache bytes/token", "perplexity",
            "KL divergence (nats)  mean", "top-1 agreement", "Δp of correct token", "2 chunks of 128 tokens",
            "device     cpu", "verdict: near-lossless"}) {
            assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(2 * 63, report.path("causal").path("kl").path("tokens").asInt());
        assertEquals(1280, report.path("candidate").path("kvCacheBytesPerToken").asInt());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the report, no temporary file left");
        }
    }

    @Test
    void greedyGenerationFromBosIsTheGoldenStory() throws Exception {
        CliRun run = CliRun.of("generate", stories.resolve("stories260K.bin").toString(), "--prompt", "",
                "--max-tokens", "60", "--device", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Once upon a time, there was a little girl named Lily. She loved to play outside in the park. "
                + "One day, she saw a big, red ball. She wanted to play with it, but it was too high\n", run.out());
        assertTrue(run.err().contains("60 generated"), run.err());
    }

    @Test
    void sampledGenerationIsReproducibleBySeed() {
        String[] args = {"generate", stories.resolve("hf-f32").toString(), "--prompt", "The cat", "--max-tokens", "20",
            "--temperature", "0.9", "--seed", "7", "--device", "cpu"};
        CliRun first = CliRun.of(args);
        CliRun second = CliRun.of(args);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("The cat"), first.out());
        assertEquals(first.out(), second.out());
    }

    @Test
    void embedPrintsTheNormalisedMiniLmEmbedding() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(
                SharedData.require("models/all-minilm-l6-v2/golden.json").toFile()).get("sentences").get(0);
        CliRun run = CliRun.of("embed", SampleModels.miniLm().toString(), "--text", golden.get("text").asText(),
                "--device", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        double[] v = Arrays.stream(run.out().strip().replaceAll("[\\[\\]]", "").split(", "))
                .mapToDouble(Double::parseDouble).toArray();
        double[] expected = StreamSupport.stream(golden.get("embedding").spliterator(), false)
                .mapToDouble(JsonNode::asDouble).toArray();
        assertEquals(384, v.length);
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            dot += v[i] * expected[i];
            norm += v[i] * v[i];
        }
        assertEquals(1.0, norm, 1e-5);
        assertTrue(dot >= 0.9999 * Math.sqrt(Arrays.stream(expected).map(x -> x * x).sum()), "cosine " + dot);
    }

    @Test
    void gpuWithoutAGpuIsRefusedInOneLine() {
        CliRun run = CliRun.of("generate", stories.resolve("hf-f32").toString(), "--prompt", "x", "--device", "gpu");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().startsWith("tucker: --device gpu: no GPU is visible"), run.err());
    }

    @Test
    void badInputsExitWithCodeTwoAndOneLine(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "Too short.");
        String[][] cases = {
            {"validate", stories.resolve("hf-f32").toString(), stories.resolve("hf-bf16").toString(), "--text",
                dir.resolve("missing.txt").toString()},
            {"validate", stories.resolve("hf-f32").toString(), stories.resolve("hf-bf16").toString(), "--text",
                text.toString()},
            {"validate", stories.resolve("hf-f32").toString(), SampleModels.miniLm().toString(), "--text",
                text.toString()},
            {"validate", stories.resolve("hf-f32").toString(), stories.resolve("hf-bf16").toString(), "--text",
                text.toString(), "--ctx", "100000"},
            {"embed", stories.resolve("hf-f32").toString(), "--text", "x"},
            {"generate", SampleModels.miniLm().toString(), "--prompt", "x"},
            {"generate", stories.resolve("hf-f32").toString(), "--prompt", "x", "--temperature", "-1"},
        };
        for (String[] args : cases) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + "\n" + run.err());
            assertTrue(run.err().startsWith("tucker: "), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }

}
