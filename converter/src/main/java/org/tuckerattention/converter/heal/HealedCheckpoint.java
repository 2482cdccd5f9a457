package org.tuckerattention.converter.heal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.StagedFolder;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.hf.HfFolder;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;

/**
 * Writes the healed checkpoint in the compressed format (docs/checkpoint-format.md): the compressed
 * checkpoint's tensors copied, its Tucker tensors replaced by the trained values in their stored dtype,
 * config.json with a {@code healing} record in its {@code tucker_attention} block, tucker_report.json and
 * the tokenizer files copied. Staged beside the target and renamed at the end.
 */
final class HealedCheckpoint {

    static final String REPORT = "tucker_report.json";

    static void write(Checkpoint compressed, Map<String, float[]> trained, ObjectNode healing, Path out,
            boolean replace) {
        try (StagedFolder staged = StagedFolder.beside(out, replace)) {
            Path dir = staged.path();
            ObjectNode config = compressed.config().json().deepCopy();
            ((ObjectNode) config.get("tucker_attention")).set("healing", healing);
            Files.writeString(dir.resolve("config.json"), new HfConfig(compressed.config().file(), config).toJson());
            List<TensorSource> tensors = compressed.tensors().values().stream()
                    .map(t -> trained.containsKey(t.name())
                            ? TensorSource.of(t.name(), t.dtype(), t.shape(), trained.get(t.name()))
                            : TensorSource.copyOf(t))
                    .toList();
            SafetensorsWriter.write(dir.resolve(HfFolder.WEIGHTS), tensors, Map.of("format", "pt"));
            for (Path extra : compressed.extraFiles()) {
                Files.copy(extra, dir.resolve(extra.getFileName()));
            }
            Path report = compressed.source().resolve(REPORT);
            if (Files.isDirectory(compressed.source()) && Files.isRegularFile(report)) {
                Files.copy(report, dir.resolve(REPORT));
            }
            staged.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private HealedCheckpoint() {}
}
