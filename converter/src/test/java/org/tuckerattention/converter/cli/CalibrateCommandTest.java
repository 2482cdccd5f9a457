package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.samples.SampleModels;
import org.tuckerattention.validation.comparison.EncoderResult;
import org.tuckerattention.validation.comparison.Validation;
import org.tuckerattention.validation.comparison.ValidationSettings;
import org.tuckerattention.validation.runtime.ComputeDevice;
import org.tuckerattention.validation.text.LineSample;

/**
 * {@code tucker compress --calibrate} end to end on real models and Brown text: the checkpoint records its
 * calibration text and validates, and {@code tucker validate} warns (one stderr line) when given text that
 * overlaps the calibration text, and only then.
 */
class CalibrateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void calibratedStoriesRecordsItsTextValidatesAndWarnsOnOverlap(@TempDir Path tmp) throws IOException {
        Path[] halves = halves(tmp, 600);
        Path model = SharedData.stories260K().resolve("hf-f32");
        Path out = tmp.resolve("cal");
        CliRun compress = CliRun.of("compress", model.toString(), out.toString(), "--budget", "0.5",
                "--calibrate", halves[0].toString(), "--calib-tokens", "512");
        assertEquals(ExitCodes.OK, compress.exitCode(), compress.err());
        assertTrue(compress.out().contains("whitened by the calibration text"), compress.out());
        JsonNode block = JSON.readTree(out.resolve("config.json").toFile()).get("tucker_attention");
        assertEquals("attention", block.get("rope_weighting").asText(), "calibration makes attention the default");
        JsonNode cal = block.get("calibration");
        assertEquals("a.txt", cal.get("file").asText());
        assertEquals(LineSample.sha256Hex(Files.readAllBytes(halves[0])), cal.get("sha256").asText());
        assertEquals(512, cal.get("tokens").asInt());
        assertFalse(cal.get("line_sample").isEmpty());
        JsonNode report = JSON.readTree(out.resolve("tucker_report.json").toFile());
        assertTrue(report.get("settings").get("errors").asText().startsWith("whitened"));
        assertEquals(5, report.get("calibration").get("eigenvalue_floor_per_layer").size());

        CliRun heldOut = validate(model, out, halves[1]);
        assertEquals(ExitCodes.OK, heldOut.exitCode(), heldOut.err());
        assertFalse(heldOut.err().contains("warning"), heldOut.err());
        CliRun same = validate(model, out, halves[0]);
        assertEquals(ExitCodes.OK, same.exitCode(), same.err());
        assertEquals(1, Arrays.stream(same.errLines()).filter(l -> l.startsWith("warning:")).count(), same.err());
        assertTrue(same.err().contains("was calibrated on (a.txt)"), same.err());
        CliRun whole = validate(model, out, SharedData.require("data/brown-fiction.txt"));
        assertTrue(whole.err().contains("shares lines with a.txt"), whole.err());
    }

    @Test
    void calibTokensWithoutCalibrateIsRefused(@TempDir Path tmp) {
        CliRun run = CliRun.of("compress", SharedData.stories260K().resolve("hf-f32").toString(),
                tmp.resolve("out").toString(), "--tol", "0.1", "--calib-tokens", "100");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: --calib-tokens needs --calibrate FILE", run.errLines()[0]);
    }

    @Test
    void missingCalibrationTextIsOneLine(@TempDir Path tmp) {
        Path missing = tmp.resolve("none.txt");
        CliRun run = CliRun.of("compress", SharedData.stories260K().resolve("hf-f32").toString(),
                tmp.resolve("out").toString(), "--tol", "0.1", "--calibrate", missing.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].endsWith("none.txt: no such text file"), run.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void calibratedMiniLmAtFullRankKeepsEverySentenceEmbedding(@TempDir Path tmp) throws IOException {
        Path[] halves = halves(tmp, 200);
        Path out = tmp.resolve("cal");
        CliRun compress = CliRun.of("compress", SampleModels.miniLm().toString(), out.toString(), "--ranks",
                "12,384,384", "--core", "head-factored", "--calibrate", halves[0].toString(), "--calib-tokens", "2000");
        assertEquals(ExitCodes.OK, compress.exitCode(), compress.err());
        EncoderResult r = Validation.run(new ValidationSettings(SampleModels.miniLm(), out, halves[1],
                OptionalInt.empty(), OptionalInt.of(24), Optional.empty(), ComputeDevice.CPU), (d, n) -> {})
                .encoder().orElseThrow();
        assertTrue(r.meanPooled().min() >= 0.9999, "min cosine " + r.meanPooled().min());
    }

    /** The first {@code 2n} lines of Brown as two files a.txt and b.txt of n lines each. */
    private static Path[] halves(Path tmp, int n) throws IOException {
        List<String> lines = Files.readAllLines(SharedData.require("data/brown-fiction.txt"), StandardCharsets.UTF_8);
        Path a = Files.write(tmp.resolve("a.txt"), lines.subList(0, n), StandardCharsets.UTF_8);
        Path b = Files.write(tmp.resolve("b.txt"), lines.subList(n, 2 * n), StandardCharsets.UTF_8);
        return new Path[] {a, b};
    }

    private static CliRun validate(Path model, Path candidate, Path text) {
        return CliRun.of("validate", model.toString(), candidate.toString(), "--text", text.toString(), "--ctx", "128",
                "--chunks", "2");
    }
}
