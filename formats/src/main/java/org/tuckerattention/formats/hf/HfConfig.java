package org.tuckerattention.formats.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tuckerattention.formats.CheckpointException;

/**
 * A typed view of a Hugging Face {@code config.json}. Accessors name the missing or ill-typed key and
 * the file; the raw JSON is kept so a converted checkpoint can carry every original key unchanged.
 */
public final class HfConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode json;

    /** A config held in memory; {@code file} is where it came from or stands for (for messages). */
    public HfConfig(Path file, ObjectNode json) {
        this.file = file;
        this.json = json.deepCopy();
    }

    /** Reads and parses {@code file}; fails with one line naming the file on any problem. */
    public static HfConfig read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            if (!(node instanceof ObjectNode object)) {
                throw new CheckpointException(file, "expected a JSON object");
            }
            return new HfConfig(file, object);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(
                    file, "invalid JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** A copy of the raw JSON. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** {@code model_type}, e.g. "llama"; required. */
    public String modelType() {
        return requireString("model_type");
    }

    /** The {@code architectures} list, empty when the key is absent. */
    public List<String> architectures() {
        List<String> names = new ArrayList<>();
        json.path("architectures").forEach(n -> names.add(n.asText()));
        return names;
    }

    public boolean has(String key) {
        return json.hasNonNull(key);
    }

    public int requireInt(String key) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) {
            throw new CheckpointException(file, "missing key '" + key + "'");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new CheckpointException(file, "key '" + key + "' must be an integer, got " + n);
        }
        return n.intValue();
    }

    /** An integer key that must be positive (a dimension or a count). */
    public int requirePositiveInt(String key) {
        int v = requireInt(key);
        if (v <= 0) {
            throw new CheckpointException(file, "key '" + key + "' must be positive, got " + v);
        }
        return v;
    }

    public Optional<Integer> optionalInt(String key) {
        return has(key) ? Optional.of(requireInt(key)) : Optional.empty();
    }

    public int intOr(String key, int fallback) {
        return optionalInt(key).orElse(fallback);
    }

    public double requireDouble(String key) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) {
            throw new CheckpointException(file, "missing key '" + key + "'");
        }
        if (!n.isNumber()) {
            throw new CheckpointException(file, "key '" + key + "' must be a number, got " + n);
        }
        return n.doubleValue();
    }

    public double doubleOr(String key, double fallback) {
        return has(key) ? requireDouble(key) : fallback;
    }

    public String requireString(String key) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) {
            throw new CheckpointException(file, "missing key '" + key + "'");
        }
        if (!n.isTextual()) {
            throw new CheckpointException(file, "key '" + key + "' must be a string, got " + n);
        }
        return n.asText();
    }

    public Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(requireString(key)) : Optional.empty();
    }

    public boolean booleanOr(String key, boolean fallback) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new CheckpointException(file, "key '" + key + "' must be true or false, got " + n);
        }
        return n.booleanValue();
    }

    /** The nested object under {@code key}, if present (e.g. {@code rope_scaling}). */
    public Optional<ObjectNode> optionalObject(String key) {
        JsonNode n = json.get(key);
        return n instanceof ObjectNode o ? Optional.of(o.deepCopy()) : Optional.empty();
    }

    /** Serialises the config, pretty-printed, as Hugging Face writes it. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
