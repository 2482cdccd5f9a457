package org.tuckerattention.formats.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.StagedFolder;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;

/**
 * Writes a checkpoint as a Hugging Face folder: config.json, one model.safetensors with every tensor
 * in its stored type, and the extra files (tokenizer) copied unchanged. Staged and renamed at the end.
 */
public final class HfFolderWriter {

    /** Writes {@code ckpt} to {@code out}; {@code replace} allows replacing an existing folder. */
    public static void write(Checkpoint ckpt, Path out, boolean replace) {
        Path target = out.toAbsolutePath().normalize();
        if (ckpt.source().toAbsolutePath().normalize().startsWith(target)) {
            throw new CheckpointException(target, "is (or holds) the input; choose another output folder");
        }
        try (StagedFolder staged = StagedFolder.beside(out, replace)) {
            Path dir = staged.path();
            Files.writeString(dir.resolve("config.json"), ckpt.config().toJson());
            List<TensorSource> tensors = ckpt.tensors().values().stream().map(TensorSource::copyOf).toList();
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
            for (Path extra : ckpt.extraFiles()) {
                Files.copy(extra, dir.resolve(extra.getFileName()));
            }
            staged.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private HfFolderWriter() {}
}
