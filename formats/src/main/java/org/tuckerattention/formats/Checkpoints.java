package org.tuckerattention.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tuckerattention.formats.hf.HfFolder;
import org.tuckerattention.formats.llama2c.Llama2cImporter;
import org.tuckerattention.formats.onnx.OnnxImporter;

/** Opens any supported input: a Hugging Face folder, an ONNX export or a llama2.c checkpoint. */
public final class Checkpoints {

    /**
     * Opens {@code path} read-only, choosing the reader by what it is: a folder with config.json, a
     * {@code .onnx} file or a llama2.c {@code .bin} file. Fails in one line naming the path otherwise.
     */
    public static Checkpoint open(Path path) {
        if (!Files.exists(path)) {
            throw new CheckpointException(path, "no such file or folder");
        }
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("config.json"))) {
                throw new CheckpointException(path, "not a Hugging Face model folder: no config.json in it");
            }
            return HfFolder.open(path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return OnnxImporter.open(path);
        }
        if (name.endsWith(".bin")) {
            return Llama2cImporter.open(path);
        }
        if (name.endsWith(".safetensors")) {
            throw new CheckpointException(
                    path, "a .safetensors file alone has no config; pass the folder that holds it and config.json");
        }
        throw new CheckpointException(
                path, "unrecognised input: expected a Hugging Face folder, an .onnx file or a llama2.c .bin file");
    }

    private Checkpoints() {}
}
