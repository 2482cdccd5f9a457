package org.tuckerattention.converter.compress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code tucker compress} did, written as {@code tucker_report.json} ({@link CompressReportJson}).
 *
 * @param source the input
 * @param output the output folder
 * @param modelType config.json {@code model_type}
 * @param mechanism MHA, GQA or MQA
 * @param layers layers in the model
 * @param settings the settings as asked (ranks, core, rope, weighting, sweeps, dtype, layers, products)
 * @param rope the RoPE strategy applied ("none" without RoPE)
 * @param compressed the compressed layers, in order
 * @param budget the global budget and its split, when ranks came from {@code --budget}
 * @param parametersPerLayerBefore original attention weights and biases of one layer
 * @param kvValuesPerLayerBefore values one token adds to one layer's original KV cache
 * @param modelParametersBefore elements of every tensor of the input
 * @param modelParametersAfter elements of every tensor of the output
 * @param hashSeconds time to hash the input's weight files
 * @param decomposeSeconds time decomposing and spilling the layers
 * @param writeSeconds time assembling the output
 * @param totalSeconds wall time of the whole run
 * @param calibration the calibration text and whitening floors, when calibrated
 */
public record CompressReport(
        String source,
        String output,
        String modelType,
        String mechanism,
        int layers,
        Map<String, String> settings,
        RopeStrategy rope,
        List<LayerResult> compressed,
        Optional<BudgetSummary> budget,
        long parametersPerLayerBefore,
        long kvValuesPerLayerBefore,
        long modelParametersBefore,
        long modelParametersAfter,
        double hashSeconds,
        double decomposeSeconds,
        double writeSeconds,
        double totalSeconds,
        Optional<CalibrationSummary> calibration) {

    public CompressReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        compressed = List.copyOf(compressed);
    }

    /** Attention weights and biases of all layers in the input. */
    public long attentionParametersBefore() {
        return parametersPerLayerBefore * layers;
    }

    /** Attention values of all layers in the output; layers left alone count as before. */
    public long attentionParametersAfter() {
        return compressed.stream().mapToLong(LayerResult::parametersAfter).sum()
                + parametersPerLayerBefore * (layers - compressed.size());
    }

    /** Attention values stored for the compressed layers: what a global budget limits. */
    public long compressedParametersAfter() {
        return compressed.stream().mapToLong(LayerResult::parametersAfter).sum();
    }

    /** KV-cache values per token over all layers in the input. */
    public long kvValuesPerTokenBefore() {
        return kvValuesPerLayerBefore * layers;
    }

    /** KV-cache values per token over all layers in the output. */
    public long kvValuesPerTokenAfter() {
        return compressed.stream().mapToLong(LayerResult::kvValuesAfter).sum()
                + kvValuesPerLayerBefore * (layers - compressed.size());
    }

    /** The largest relative error of any compressed side, 0 when none was compressed. */
    public double maxRelativeError() {
        return compressed.stream()
                .mapToDouble(l -> Math.max(l.pre().relativeError(), l.post().relativeError()))
                .max().orElse(0);
    }
}
