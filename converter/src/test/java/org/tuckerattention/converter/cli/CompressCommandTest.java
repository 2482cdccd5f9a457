package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

/** {@code tucker compress} on the command line: refusals before any work, dtypes, layers, progress. */
class CompressCommandTest {

    private static Path stories(String variant) {
        return SharedData.stories260K().resolve(variant);
    }

    @Test
    void ranksAboveTheDimensionAreRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--ranks", "8,65,64");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertArrayEquals(new String[] {
            "tucker: pre-softmax ranks [8,65,64]: rank 65 for mode 'query' exceeds its dimension 64"}, run.errLines());
        assertEquals("", run.out(), "no progress: nothing was started");
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void badValueSideRanksAreRefused(@TempDir Path tmp) throws IOException {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--ranks", "8,64,32/0,64,32");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertArrayEquals(new String[] {
            "tucker: post-softmax ranks [0,64,32]: rank 0 for mode 'head' must be at least 1"}, run.errLines());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void malformedRanksAreAUsageError(@TempDir Path tmp) throws IOException {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--ranks", "8,64");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.errLines()[0].contains("expected three ranks r1,r2,r3 but got '8,64'"), run.err());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void exactlyOneRankChoiceIsRequired(@TempDir Path tmp) {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--ranks", "8,64,32", "--tol", "0.1");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: give exactly one of --ranks, --tol and --budget", run.errLines()[0]);
    }

    @Test
    void aPreShareNeedsABudgetAndAShareInZeroToOne(@TempDir Path tmp) throws IOException {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--tol", "0.1", "--budget-pre-share", "0.3");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: --budget-pre-share needs --budget", run.errLines()[0]);
        run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--budget", "0.5", "--budget-pre-share", "1.5");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: the pre-softmax share must lie in [0, 1], got 1.5", run.errLines()[0]);
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void aBudgetBelowTheSmallestRanksIsRefused(@TempDir Path tmp) throws IOException {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--budget", "0.01");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.errLines()[0].startsWith("tucker: a budget of 614 attention parameters is below the"), run.err());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void attentionWeightingNeedsCalibration(@TempDir Path tmp) {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--tol", "0.1", "--rope-weighting", "attention");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.errLines()[0].contains("needs --calibrate"), run.err());
    }

    @Test
    void existingOutputIsRefusedAndLeftAlone(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectory(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), out.toString(), "--tol", "0.1");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: taken: already exists; pass --force to replace it", run.err().strip());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        assertEquals(List.of("taken"), listing(tmp));
    }

    @Test
    void mlaCompressesInItsLatentsAndRefusesLatentRopeInOneLine(@TempDir Path tmp) throws IOException {
        Path input = SyntheticModels.deepseekV2(true).writeHfFolder(tmp.resolve("mla"), DType.F32);
        CliRun run = CliRun.of("compress", input.toString(), tmp.resolve("out").toString(), "--ranks", "2,6,4/3,9,4");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode block = new ObjectMapper().readTree(tmp.resolve("out/config.json").toFile()).get("tucker_attention");
        assertEquals("decoupled", block.get("rope").asText());
        run = CliRun.of("compress", input.toString(), tmp.resolve("out2").toString(), "--ranks", "2,11,4/3,9,4");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertArrayEquals(new String[] {"tucker: pre-softmax ranks [2,11,4]: rank 11 for mode 'query' exceeds its"
                + " dimension 10"}, run.errLines());
        run = CliRun.of("compress", input.toString(), tmp.resolve("out3").toString(), "--tol", "0.1", "--rope",
                "latent");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertArrayEquals(new String[] {"tucker: config.json: MLA attention ('deepseek_v2') keeps its decoupled RoPE"
                + " part as it is; --rope latent does not apply"}, run.errLines());
        assertEquals(List.of("mla", "out"), listing(tmp));
    }

    @Test
    void bf16InputKeepsItsOtherTensorsBitForBitAndWritesBf16Factors(@TempDir Path tmp) throws IOException {
        Path input = stories("hf-bf16");
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("compress", input.toString(), out.toString(), "--tol", "0.2", "--hooi-sweeps", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("layer 1/5 (model layer 0) pre-softmax"), run.out());
        assertTrue(run.out().contains("layer 5/5 (model layer 4) post-softmax"), run.out());
        try (Checkpoint original = Checkpoints.open(input); Checkpoint compressed = Checkpoints.open(out)) {
            for (TensorRef t : original.tensors().values()) {
                if (t.name().contains(".self_attn.")) {
                    assertFalse(compressed.has(t.name()), t.name() + " is replaced");
                    continue;
                }
                TensorRef copy = compressed.tensor(t.name());
                assertEquals(DType.BF16, copy.dtype(), t.name());
                assertEquals(bytes(t), bytes(copy), t.name());
            }
            List<TensorRef> tucker = compressed.tensors().values().stream()
                    .filter(t -> t.name().contains(".tucker.")).toList();
            assertFalse(tucker.isEmpty());
            assertTrue(tucker.stream().allMatch(t -> t.dtype() == DType.BF16), "--dtype keep: BF16 like the input");
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("tucker_report.json").toFile());
        assertEquals(5, report.get("compressed_layers").size());
        assertEquals(List.of("config.json", "model.safetensors", "tucker_report.json"), listing(out));
    }

    @Test
    void onlyTheChosenLayersAreCompressedAndF16IsWrittenWhenAsked(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), out.toString(),
                "--budget", "0.5", "--layers", "1,3", "--dtype", "f16");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode block = new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("tucker_attention");
        assertEquals(2, block.get("layers").size());
        assertEquals(1, block.get("layers").get(0).get("layer").asInt());
        assertEquals(3, block.get("layers").get(1).get("layer").asInt());
        try (Checkpoint c = Checkpoints.open(out)) {
            assertTrue(c.has("model.layers.0.self_attn.q_proj.weight"));
            assertFalse(c.has("model.layers.1.self_attn.q_proj.weight"));
            assertEquals(DType.F16, c.tensor("model.layers.1.self_attn.tucker.pre.u_query").dtype());
            assertFalse(c.has("model.layers.2.self_attn.tucker.pre.u_query"));
        }
    }

    @Test
    void layersTheModelDoesNotHaveAreRefused(@TempDir Path tmp) throws IOException {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--tol", "0.1", "--layers", "2-7");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: hf-f32: --layers names layer 7 but the model has 5 layers (0-4)", run.err().strip());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void latentRopeWritesDenseQueryKeySidesAndItsTheta(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), out.toString(),
                "--ranks", "4,48,32/4,48,24", "--rope", "latent", "--core", "head-factored", "--layers", "0");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode block = new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("tucker_attention");
        assertEquals("latent", block.get("rope").asText());
        assertEquals(10000.0, block.get("latent_rope_theta").asDouble());
        assertFalse(block.has("rope_weighting"));
        JsonNode layer = block.get("layers").get(0);
        assertEquals("dense", layer.get("pre").get("storage").asText());
        assertEquals("head-factored", layer.get("post").get("storage").asText());
        assertEquals("[4,48,32]", layer.get("pre").get("ranks").toString());
    }

    @Test
    void latentRopeNeedsAnEvenKeyRank(@TempDir Path tmp) throws IOException {
        CliRun run = CliRun.of("compress", stories("hf-f32").toString(), tmp.resolve("out").toString(),
                "--ranks", "4,48,31", "--rope", "latent");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: pre-softmax ranks [4,48,31]: --rope latent rotates pairs of key-latent dimensions,"
                + " so the key rank must be even, got 31", run.err().strip());
        assertEquals(List.of(), listing(tmp));
    }

    private static ByteBuffer bytes(TensorRef t) {
        return t.rawBytes(0, (int) t.byteSize());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
