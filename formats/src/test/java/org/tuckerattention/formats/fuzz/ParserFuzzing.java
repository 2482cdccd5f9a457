package org.tuckerattention.formats.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.TemporaryFolder;
import org.tuckerattention.formats.adapters.Adapters;
import org.tuckerattention.formats.adapters.ArchitectureAdapter;
import org.tuckerattention.formats.adapters.AttentionGeometry;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * What every fuzz target shares: inputs are written to files (the parsers read files, as users give
 * them), and the project's own one-line {@link CheckpointException} is the only failure a lying file may
 * cause. Anything else escapes to the fuzzer as a finding.
 */
final class ParserFuzzing {

    /** How much of each tensor a target reads: enough to cross every code path, bounded so runs stay fast. */
    static final int MAX_ELEMENTS_READ = 4096;

    private ParserFuzzing() {
    }

    /** Reads one fuzzed file the way the tool reads a user's file of that kind, in a folder of its own. */
    interface Target {
        void parse(Path dir, byte[] bytes) throws IOException;
    }

    /** Runs {@code target} on {@code bytes}, accepting only the project's clear one-line error. */
    static void fuzz(Target target, byte[] bytes) {
        try {
            parse(target, bytes);
        } catch (CheckpointException expected) {
            requireOneLine(expected);
        }
    }

    /** Runs {@code target} on {@code bytes} in a fresh temporary folder, deleted afterwards; nothing is caught. */
    static void parse(Target target, byte[] bytes) {
        try (TemporaryFolder dir = TemporaryFolder.create("tucker-fuzz")) {
            target.parse(dir.path(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens {@code path} as a user's checkpoint and reads what {@code inspect} and the engine would read. */
    static void exercise(Path path) {
        try (Checkpoint checkpoint = Checkpoints.open(path)) {
            for (TensorRef t : checkpoint.tensors().values()) {
                t.floats(0, (int) Math.min(t.elementCount(), MAX_ELEMENTS_READ));
            }
            ArchitectureAdapter adapter = Adapters.forConfig(checkpoint.config());
            AttentionGeometry geometry = adapter.geometry(checkpoint.config());
            adapter.checkTensors(checkpoint, geometry);
            adapter.attention(checkpoint, geometry, 0);
        }
    }

    /** Writes {@code files} (name → bytes) into {@code dir}. */
    static void write(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    /** The error a user sees must be one line. */
    static void requireOneLine(CheckpointException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank() || message.contains("\n")) {
            throw new AssertionError("not a one-line message: " + message, e);
        }
    }
}
