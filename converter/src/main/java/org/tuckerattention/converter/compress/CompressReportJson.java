package org.tuckerattention.converter.compress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code tucker_report.json}: every figure of a {@link CompressReport}, doubles written exactly. */
public final class CompressReportJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String of(CompressReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", r.source());
        root.put("output", r.output());
        root.put("model_type", r.modelType());
        root.put("mechanism", r.mechanism());
        root.put("layers", r.layers());
        root.put("rope", r.rope().configName());
        ObjectNode settings = root.putObject("settings");
        r.settings().forEach(settings::put);
        r.budget().ifPresent(b -> {
            ObjectNode o = root.putObject("budget");
            o.put("fraction", b.fraction());
            if (b.preShare().isPresent()) {
                o.put("pre_share", b.preShare().getAsDouble());
            } else {
                o.put("pre_share", "auto");
            }
            o.put("original_parameters", b.originalParameters());
            o.put("limit", b.limit());
            o.put("planned", b.plannedParameters());
            o.put("spent", r.compressedParametersAfter());
            o.put("spent_fraction", (double) r.compressedParametersAfter() / b.originalParameters());
            o.put("pre_parameters", b.preParameters());
            o.put("post_parameters", b.postParameters());
        });
        ArrayNode layers = root.putArray("compressed_layers");
        for (LayerResult l : r.compressed()) {
            ObjectNode o = layers.addObject();
            o.put("layer", l.layer());
            o.put("prefix", l.prefix());
            side(o.putObject("pre"), l.pre());
            side(o.putObject("post"), l.post());
            o.put("parameters_before", l.parametersBefore());
            o.put("parameters_after", l.parametersAfter());
            o.put("kv_cache_values_per_token_before", l.kvValuesBefore());
            o.put("kv_cache_values_per_token_after", l.kvValuesAfter());
            o.put("seconds", l.seconds());
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("attention_parameters_before", r.attentionParametersBefore());
        totals.put("attention_parameters_after", r.attentionParametersAfter());
        totals.put("kv_cache_values_per_token_before", r.kvValuesPerTokenBefore());
        totals.put("kv_cache_values_per_token_after", r.kvValuesPerTokenAfter());
        totals.put("model_parameters_before", r.modelParametersBefore());
        totals.put("model_parameters_after", r.modelParametersAfter());
        totals.put("max_relative_error", r.maxRelativeError());
        r.calibration().ifPresent(c -> {
            ObjectNode o = root.putObject("calibration");
            o.put("file", c.text().file());
            o.put("sha256", c.text().sha256());
            o.put("tokens", c.text().tokens());
            o.put("relative_eigenvalue_floor", c.relativeFloor());
            ArrayNode floors = o.putArray("eigenvalue_floor_per_layer");
            c.floors().forEach(floors::add);
            ArrayNode raised = o.putArray("eigenvalues_raised_per_layer");
            c.raised().forEach(raised::add);
        });
        ObjectNode timings = root.putObject("timings_seconds");
        timings.put("hash_input", r.hashSeconds());
        timings.put("decompose", r.decomposeSeconds());
        timings.put("write", r.writeSeconds());
        timings.put("total", r.totalSeconds());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One side as config.json and the report both write it. */
    static void side(ObjectNode o, SideSummary s) {
        TuckerAttentionBlock.side(o, s);
        o.put("hooi_sweeps", s.hooiSweeps());
        o.put("parameters", s.parameters());
    }

    private CompressReportJson() {}
}
