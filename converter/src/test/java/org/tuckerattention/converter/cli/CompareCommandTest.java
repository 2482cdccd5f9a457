package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;

/** {@code tucker compare} on stories260K at one budget: every method measured, the files written. */
class CompareCommandTest {

    @Test
    void comparesEveryMethodAtTheBudgetAndWritesTheFiles(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cmp");
        CliRun run = CliRun.of("compare", SharedData.stories260K().resolve("hf-f32").toString(), "--text",
                SharedData.require("data/brown-fiction.txt").toString(), "--budgets", "0.25", "--ctx", "64",
                "--chunks", "2", "--selection-chunks", "1", "--device", "cpu", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("| budget | method |"), run.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("compare.json").toFile());
        assertEquals(61_440, json.get("attention_parameters_before").asLong());
        List<String> methods = new ArrayList<>();
        for (JsonNode row : json.get("rows")) {
            methods.add(row.get("method").asText() + "@" + row.get("budget").asDouble());
            double kld = row.get("mean_kld").asDouble();
            assertTrue(kld > 0 && Double.isFinite(kld), row.toString());
            if (row.get("method").asText().matches("mla|svd")) {
                assertTrue(row.get("attention_parameters").asLong() <= 0.25 * 61_440, row.toString());
            }
        }
        // stories260K has 4 key/value heads: GQA to 2 (83.3 %) and to 1 (75 %)
        assertEquals(List.of("gqa@" + 51_200.0 / 61_440, "gqa@0.75", "mla@0.25", "svd@0.25", "tucker-hosvd@0.25",
                "tucker-hooi@0.25"), methods);
        byte[] png = Files.readAllBytes(out.resolve("compare.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(Files.readString(out.resolve("compare.md")).contains("| svd |"));
        assertTrue(run.err().contains("selection loss"), run.err());
    }

    @Test
    void withCalibrationAddsTheWhitenedMethodsAndWarnsOnOverlap(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cmp");
        String text = SharedData.require("data/brown-fiction.txt").toString();
        CliRun run = CliRun.of("compare", SharedData.stories260K().resolve("hf-f32").toString(), "--text", text,
                "--calibrate", text, "--calib-tokens", "512", "--budgets", "0.5", "--ctx", "64", "--chunks", "2",
                "--selection-chunks", "1", "--device", "cpu", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: " + text + " is the text to calibrate on"), run.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("compare.json").toFile());
        List<String> methods = new ArrayList<>();
        for (JsonNode row : json.get("rows")) {
            methods.add(row.get("method").asText());
            double kld = row.get("mean_kld").asDouble();
            assertTrue(kld > 0 && Double.isFinite(kld), row.toString());
            if (row.get("method").asText().endsWith("-cal")) {
                assertTrue(row.get("attention_parameters").asLong() <= 0.5 * 61_440, row.toString());
            }
        }
        assertTrue(methods.containsAll(List.of("mla-cal", "svd-cal", "tucker-hooi-cal")), methods.toString());
    }

    @Test
    void refusesABudgetOutsideZeroToOne() {
        CliRun run = CliRun.of("compare", SharedData.stories260K().resolve("hf-f32").toString(), "--text",
                SharedData.require("data/brown-fiction.txt").toString(), "--budgets", "1.5");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--budgets") && run.err().contains("a budget must be in (0, 1], got 1.5"), run.err());
    }
}
