package org.tuckerattention.formats.hf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.safetensors.SafetensorsFile;
import org.tuckerattention.formats.safetensors.SafetensorsReader;
import org.tuckerattention.formats.safetensors.ShardIndex;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * Opens a Hugging Face model folder (DESIGN §1, §10): {@code config.json}, the weights, and the
 * tokenizer and generation files that travel with them.
 *
 * <p>Weights come from {@code model.safetensors.index.json} and the shards it lists when the index
 * exists, otherwise from {@code model.safetensors}. When both exist the index wins (note that the
 * transformers loader looks at {@code model.safetensors} first, so such a folder is ambiguous).
 * Safetensors files with other names are read only through the index.
 */
public final class HfFolder {

    /** The single-file weights name. */
    public static final String WEIGHTS = "model.safetensors";

    /** Files copied unchanged beside converted weights, when present. */
    public static final List<String> EXTRA_FILES = List.of(
            "tokenizer.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "vocab.txt",
            "vocab.json",
            "merges.txt",
            "tokenizer.model",
            "added_tokens.json",
            "generation_config.json",
            "preprocessor_config.json");

    /**
     * Opens {@code dir}; the returned checkpoint holds the weight files open until closed.
     *
     * @throws CheckpointException naming the folder or the faulty file
     */
    public static Checkpoint open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, Files.exists(dir) ? "not a folder" : "folder not found");
        }
        HfConfig config = HfConfig.read(dir.resolve("config.json"));
        Path index = dir.resolve(ShardIndex.FILE_NAME);
        Path single = dir.resolve(WEIGHTS);
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, TensorRef> tensors;
            if (Files.exists(index)) {
                ShardIndex shardIndex = ShardIndex.read(index);
                Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
                for (String shard : shardIndex.shardFiles()) {
                    SafetensorsFile f = SafetensorsReader.open(dir.resolve(shard));
                    opened.add(f);
                    shards.put(shard, f);
                }
                tensors = shardIndex.tensors(shards);
            } else if (Files.exists(single)) {
                SafetensorsFile f = SafetensorsReader.open(single);
                opened.add(f);
                tensors = f.tensors();
            } else {
                throw new CheckpointException(dir, "no " + WEIGHTS + " or " + ShardIndex.FILE_NAME);
            }
            return new Checkpoint(dir, config, tensors, extraFiles(dir), opened);
        } catch (RuntimeException e) {
            for (Closeable c : opened) {
                try {
                    c.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** The {@link #EXTRA_FILES} present in {@code dir}, in that order. */
    public static List<Path> extraFiles(Path dir) {
        List<Path> present = new ArrayList<>();
        for (String name : EXTRA_FILES) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                present.add(p);
            }
        }
        return present;
    }

    private HfFolder() {}
}
