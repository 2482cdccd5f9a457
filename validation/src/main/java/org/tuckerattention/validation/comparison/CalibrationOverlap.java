package org.tuckerattention.validation.comparison;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.validation.text.LineSample;

/**
 * Whether a validation text overlaps the text a calibrated checkpoint was calibrated on, as recorded in
 * its {@code tucker_attention.calibration} block (docs/checkpoint-format.md): the same file (equal
 * SHA-256), or a shared {@link LineSample} hash — a line of 40 characters or more in both texts, so a
 * shared run of such lines is found with high probability (a single shared line may not be).
 */
public final class CalibrationOverlap {

    /** A one-line warning when {@code text} overlaps the calibration text of {@code candidate}; empty otherwise. */
    public static Optional<String> check(Path candidate, Path text) {
        Path configFile = candidate.resolve("config.json");
        if (!Files.isDirectory(candidate) || !Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        JsonNode block = HfConfig.read(configFile).json().path("tucker_attention").path("calibration");
        if (block.isMissingNode()) {
            return Optional.empty();
        }
        Set<String> calibrated = new HashSet<>();
        block.path("line_sample").forEach(h -> calibrated.add(h.asText()));
        return overlap(block.path("file").asText(), block.path("sha256").asText(), calibrated, text,
                " " + candidate + " was calibrated on");
    }

    /** A one-line warning when {@code text} overlaps the calibration text {@code calibration}; empty otherwise. */
    public static Optional<String> between(Path calibration, Path text) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(calibration);
        } catch (IOException e) {
            return Optional.empty(); // Calibration itself reports an unreadable text.
        }
        return overlap(calibration.toString(), LineSample.sha256Hex(bytes),
                LineSample.of(new String(bytes, StandardCharsets.UTF_8)), text, " to calibrate on");
    }

    private static Optional<String> overlap(String file, String sha256, Set<String> calibrated, Path text,
            String role) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(text);
        } catch (IOException e) {
            return Optional.empty(); // Validation itself reports an unreadable text.
        }
        if (LineSample.sha256Hex(bytes).equals(sha256)) {
            return Optional.of("warning: " + text + " is the text" + role + " (" + file
                    + "); these figures are not held out");
        }
        long shared = LineSample.of(new String(bytes, StandardCharsets.UTF_8)).stream().filter(calibrated::contains)
                .count();
        return shared == 0 ? Optional.empty() : Optional.of("warning: " + text + " shares lines with " + file
                + ", the text" + role + " (" + shared + " of the sampled lines); these figures are not fully held out");
    }

    private CalibrationOverlap() {}
}
