package org.tuckerattention.converter.calibration;

import java.util.List;

/**
 * Which text a model was calibrated on, as config.json records it (docs/checkpoint-format.md), so that
 * {@code tucker validate} can warn when it is given the same text.
 *
 * @param file the file name
 * @param sha256 SHA-256 of the file's bytes
 * @param tokens tokens the calibration run used
 * @param lineSample the file's {@link org.tuckerattention.validation.text.LineSample}
 */
public record TextIdentity(String file, String sha256, long tokens, List<String> lineSample) {

    public TextIdentity {
        lineSample = List.copyOf(lineSample);
    }
}
