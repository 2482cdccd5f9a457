package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.SyntheticCheckpoint;
import org.tuckerattention.formats.SyntheticModels;
import org.tuckerattention.formats.tensor.DType;

/**
 * Each malformed input gives exit code 2 and exactly one line on stderr naming the file and the
 * problem, with no stack trace unless {@code --verbose}; a failed import leaves no output behind.
 */
class HostileInputTest {

    @TempDir
    Path tmp;

    private Path folder(String name, byte[] weights) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(SharedData.stories260K().resolve("hf-f32/config.json"), dir.resolve("config.json"));
        Files.write(dir.resolve("model.safetensors"), weights);
        return dir;
    }

    private static byte[] safetensors(long headerLength, String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(json);
        return b.array();
    }

    private static void assertBadInput(String expectedLine, Path model) {
        CliRun run = CliRun.of("inspect", model.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals(expectedLine, run.errLines()[0]);
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose");
        assertEquals("", run.out());
    }

    @Test
    void truncatedHeader() throws IOException {
        assertBadInput("tucker: model.safetensors: file is 5 bytes, too short for the 8-byte header length",
                folder("trunc", new byte[5]));
    }

    @Test
    void headerPastTheEndOfTheFile() throws IOException {
        assertBadInput("tucker: model.safetensors: header length 1000000 exceeds file size 10",
                folder("past", safetensors(1_000_000, "{}", 0)));
    }

    @Test
    void unknownDtype() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F17\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertBadInput("tucker: model.safetensors: tensor 'a' has unknown dtype 'F17' "
                        + "(supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)",
                folder("dtype", safetensors(header.length(), header, 4)));
    }

    @Test
    void missingShard() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shard"));
        Files.copy(SharedData.stories260K().resolve("hf-f32/config.json"), dir.resolve("config.json"));
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"metadata\":{},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\"}}");
        assertBadInput(
                "tucker: model.safetensors.index.json: shard file 'model-00001-of-00002.safetensors' is missing", dir);
    }

    @Test
    void missingTensorTheConfigRequires() throws IOException {
        String header = "{\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertBadInput("tucker: missing: tensor 'model.layers.0.self_attn.q_proj.weight' is required by the config "
                        + "but missing",
                folder("missing", safetensors(header.length(), header, 4)));
    }

    @Test
    void unsupportedArchitecture() throws IOException {
        Path dir = folder("arch", Files.readAllBytes(SharedData.stories260K().resolve("hf-f32/model.safetensors")));
        Files.writeString(dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"llama\"", "\"mamba\""));
        assertBadInput("tucker: config.json: unsupported model_type 'mamba' (supported: bert, deepseek_v2, "
                + "deepseek_v3, gpt2, llama, mistral, qwen2, vit)", dir);
    }

    @Test
    void invalidConfigJson() throws IOException {
        Path dir = folder("json", new byte[0]);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": ");
        CliRun run = CliRun.of("inspect", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].startsWith("tucker: config.json: invalid JSON"), run.err());
    }

    @Test
    void truncatedLlama2cFile() throws IOException {
        Path bin = tmp.resolve("cut.bin");
        Files.write(bin, Arrays.copyOf(Files.readAllBytes(SharedData.stories260K().resolve("stories260K.bin")), 100));
        assertBadInput("tucker: cut.bin: the header implies 1056540 bytes but the file is 100 bytes", bin);
    }

    @Test
    void missingPath() {
        assertBadInput("tucker: nothere: no such file or folder", tmp.resolve("nothere"));
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("inspect", tmp.resolve("nothere").toString(), "--verbose");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("\tat org.tuckerattention.formats.Checkpoints.open"), run.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("inspect", "x", "--bogus");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: Unknown option: '--bogus'", run.errLines()[0]);
    }

    @Test
    void failedImportLeavesNoOutput() throws IOException {
        Path bad = folder("bad", safetensors(1_000_000, "{}", 0));
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("import", bad.toString(), out.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the input folder remains");
        }
    }

    @Test
    void aNaNWeightIsNamedBeforeAnyDecomposition() throws IOException {
        SyntheticCheckpoint model = SyntheticModels.llama("llama", false);
        model.values("model.layers.1.self_attn.q_proj.weight")[3] = Float.NaN;
        Path dir = model.writeHfFolder(tmp.resolve("nan"), DType.BF16);
        CliRun run = CliRun.of("ranks", dir.toString(), "--out", tmp.resolve("report").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals("tucker: model.safetensors: tensor 'model.layers.1.self_attn.q_proj.weight' holds NaN at [0, 3]",
                run.errLines()[0]);
        assertFalse(Files.exists(tmp.resolve("report")), "no report for a model that cannot be read");
    }

    @Test
    void helpAndVersionSucceed() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("inspect") && help.out().contains("import") && help.out().contains("demo"));
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("tucker 0."), version.out());
        assertEquals(0, CliRun.of("inspect", "--help").exitCode());
    }
}
