package org.tuckerattention.formats.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * The index of a sharded checkpoint, {@code model.safetensors.index.json}: {@code {"metadata": {...},
 * "weight_map": {tensor: shard file}}} (DESIGN §1, §11). Reading checks the JSON and that every shard
 * is a plain file name present in the index's folder; {@link #tensors} checks the index against the
 * opened shards. Errors name the index file.
 */
public final class ShardIndex {

    /** The file name Hugging Face gives the index. */
    public static final String FILE_NAME = "model.safetensors.index.json";

    /** Largest index read; real ones are a few hundred kilobytes, this bounds a hostile one. */
    private static final long MAX_BYTES = SafetensorsHeader.MAX_LENGTH;

    private final Path file;
    private final ObjectNode metadata;
    private final Map<String, String> weightMap;

    private ShardIndex(Path file, ObjectNode metadata, Map<String, String> weightMap) {
        this.file = file;
        this.metadata = metadata;
        this.weightMap = Collections.unmodifiableMap(weightMap);
    }

    /** Reads and checks {@code file}; fails with one line naming it. */
    public static ShardIndex read(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new CheckpointException(
                        file, "index is " + size + " bytes, more than the " + MAX_BYTES + " allowed");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "not valid UTF-8");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
        JsonNode root = StrictJson.parse(file, text, "not valid JSON");
        if (!(root instanceof ObjectNode object)) {
            throw new CheckpointException(file, "expected a JSON object");
        }
        JsonNode map = object.get("weight_map");
        if (map == null) {
            throw new CheckpointException(file, "missing 'weight_map'");
        }
        if (!map.isObject()) {
            throw new CheckpointException(file, "'weight_map' must be an object of tensor name to shard file");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String tensor = EntryParser.quote(e.getKey());
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(file, "shard of tensor " + tensor + " must be a file name string");
            }
            String shard = e.getValue().textValue();
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")
                    || shard.equals(".")) {
                throw new CheckpointException(file, "shard " + EntryParser.quote(shard) + " of tensor " + tensor
                        + " is not a file name inside the folder");
            }
            weightMap.put(e.getKey(), shard);
        }
        ShardIndex index = new ShardIndex(
                file, object.get("metadata") instanceof ObjectNode m ? m : new ObjectNode(JsonNodeFactory.instance), weightMap);
        for (String shard : index.shardFiles()) {
            if (!Files.isRegularFile(index.folder().resolve(shard))) {
                throw new CheckpointException(file, "shard file " + EntryParser.quote(shard) + " is missing");
            }
        }
        return index;
    }

    public Path file() {
        return file;
    }

    /** The folder holding the index and its shards. */
    public Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath();
    }

    /** The {@code metadata} object (e.g. {@code total_size}); a copy, empty when absent. */
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /** Tensor name to shard file name, in index order. */
    public Map<String, String> weightMap() {
        return weightMap;
    }

    /** The distinct shard file names, in order of first mention. */
    public List<String> shardFiles() {
        return new ArrayList<>(new LinkedHashSet<>(weightMap.values()));
    }

    /**
     * The tensors of all shards by name, checked against the index: each listed tensor is in the shard
     * the index names, and no tensor is in two shards or in a shard without being listed.
     *
     * @param shards every file of {@link #shardFiles()}, opened, by shard file name
     */
    public Map<String, TensorRef> tensors(Map<String, SafetensorsFile> shards) {
        Map<String, TensorRef> all = new LinkedHashMap<>();
        Map<String, String> foundIn = new LinkedHashMap<>();
        for (String shard : shardFiles()) {
            SafetensorsFile opened = shards.get(shard);
            if (opened == null) {
                throw new IllegalArgumentException("shard '" + shard + "' was not opened");
            }
            for (TensorRef t : opened.tensors().values()) {
                String other = foundIn.putIfAbsent(t.name(), shard);
                if (other != null) {
                    throw new CheckpointException(file, "tensor " + EntryParser.quote(t.name()) + " is in both shard "
                            + EntryParser.quote(other) + " and shard " + EntryParser.quote(shard));
                }
                all.put(t.name(), t);
            }
        }
        for (Map.Entry<String, String> found : foundIn.entrySet()) {
            String listed = weightMap.get(found.getKey());
            if (!found.getValue().equals(listed)) {
                throw new CheckpointException(file, "tensor " + EntryParser.quote(found.getKey()) + " is in shard "
                        + EntryParser.quote(found.getValue()) + " but the weight_map "
                        + (listed != null ? "places it in " + EntryParser.quote(listed) : "does not list it"));
            }
        }
        Set<String> absent = new LinkedHashSet<>(weightMap.keySet());
        absent.removeAll(all.keySet());
        if (!absent.isEmpty()) {
            String tensor = absent.iterator().next();
            throw new CheckpointException(file, "tensor " + EntryParser.quote(tensor) + " is listed for shard "
                    + EntryParser.quote(weightMap.get(tensor)) + " but absent from it");
        }
        return all;
    }
}
