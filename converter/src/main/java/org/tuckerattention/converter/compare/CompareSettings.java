package org.tuckerattention.converter.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tuckerattention.converter.compress.CompressSettings.CalibrationText;
import org.tuckerattention.validation.runtime.ComputeDevice;

/**
 * What {@code tucker compare} runs.
 *
 * @param budgets fractions of the original attention parameters, e.g. 0.5, 0.25
 * @param ctx causal models: tokens per chunk; encoders: longest sentence (empty: the validate defaults)
 * @param chunks causal models: chunks scored; encoders: sentences
 * @param selectionChunks chunks (or sentences) of the selection text used to tune the per-matrix SVD split
 * @param toolVersion written into the Tucker checkpoints' config
 * @param calibration text to calibrate on: every method is then also compared in its activation-aware form
 */
public record CompareSettings(Path model, Path text, List<Double> budgets, OptionalInt ctx, int chunks, int selectionChunks,
        ComputeDevice device, String toolVersion, Optional<CalibrationText> calibration) {

    /** Data-free comparison settings. */
    public CompareSettings(Path model, Path text, List<Double> budgets, OptionalInt ctx, int chunks,
            int selectionChunks, ComputeDevice device, String toolVersion) {
        this(model, text, budgets, ctx, chunks, selectionChunks, device, toolVersion, Optional.empty());
    }

    /** Query-key (pre-softmax) shares of the budget tried on the selection text, for per-matrix SVD and Tucker. */
    static final List<Double> SHARES = List.of(0.15, 0.3, 0.5, 0.7);

    /** The part of the text's lines (its end) kept for selection, never evaluated on. */
    static final double SELECTION_FRACTION = 0.2;
}
