package org.tuckerattention.converter.baselines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tuckerattention.formats.CheckpointException;

/**
 * What a baseline conversion would store, beside the dense checkpoint that runs it:
 * {@code tucker_baseline.json}. Parameters and KV-cache values are counted in closed form for the
 * converted mechanism, not read from the (dense, original-shaped) tensors.
 *
 * @param layerErrors per layer, the relative Frobenius error of [W_Q; W_K; W_V; W_O^T] taken together
 */
public record BaselineReport(String source, String method, String description, Map<String, Integer> settings,
        double budget, int layers, long attentionParametersBefore, long attentionParametersAfter,
        long kvValuesPerTokenBefore, long kvValuesPerTokenAfter, List<Double> layerErrors, double seconds) {

    /** The file name beside the weights. */
    public static final String FILE = "tucker_baseline.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", source);
        root.put("method", method);
        root.put("description", description);
        ObjectNode s = root.putObject("settings");
        settings.forEach(s::put);
        root.put("budget_fraction", budget);
        root.put("layers", layers);
        root.put("attention_parameters_before", attentionParametersBefore);
        root.put("attention_parameters_after", attentionParametersAfter);
        root.put("kv_cache_values_per_token_before", kvValuesPerTokenBefore);
        root.put("kv_cache_values_per_token_after", kvValuesPerTokenAfter);
        layerErrors.forEach(root.putArray("layer_relative_errors")::add);
        root.put("seconds", seconds);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The figures of the {@value #FILE} in {@code folder}; fails naming the file when it is not one. */
    public static BaselineReport read(Path folder) {
        Path file = folder.resolve(FILE);
        try {
            JsonNode n = JSON.readTree(file.toFile());
            Map<String, Integer> settings = new java.util.LinkedHashMap<>();
            n.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asInt()));
            List<Double> errors = new java.util.ArrayList<>();
            n.path("layer_relative_errors").forEach(e -> errors.add(e.asDouble()));
            for (String key : List.of("method", "attention_parameters_before", "attention_parameters_after",
                    "kv_cache_values_per_token_before", "kv_cache_values_per_token_after")) {
                if (!n.has(key)) {
                    throw new CheckpointException(file, "no '" + key + "'");
                }
            }
            return new BaselineReport(n.path("source").asText(), n.get("method").asText(),
                    n.path("description").asText(), settings, n.path("budget_fraction").asDouble(),
                    n.path("layers").asInt(), n.get("attention_parameters_before").asLong(),
                    n.get("attention_parameters_after").asLong(), n.get("kv_cache_values_per_token_before").asLong(),
                    n.get("kv_cache_values_per_token_after").asLong(), errors, n.path("seconds").asDouble());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage());
        }
    }

    /** Whether {@code folder} holds a baseline conversion. */
    public static boolean isIn(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE));
    }
}
