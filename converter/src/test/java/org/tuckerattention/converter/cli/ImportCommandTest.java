package org.tuckerattention.converter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.Checkpoints;
import org.tuckerattention.formats.SharedData;

/** {@code tucker import}: llama2.c to a Hugging Face folder identical in content to the shipped one. */
class ImportCommandTest {

    @Test
    void llama2cImportEqualsTheHuggingFaceFolder(@TempDir Path tmp) throws IOException {
        Path stories = SharedData.stories260K();
        Path out = tmp.resolve("stories-hf");
        CliRun run = CliRun.of("import", stories.resolve("stories260K.bin").toString(), out.toString());
        assertEquals(0, run.exitCode(), run.err());

        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(stories.resolve("hf-f32/config.json").toFile()),
                json.readTree(out.resolve("config.json").toFile()));
        try (Checkpoint imported = Checkpoints.open(out);
                Checkpoint reference = Checkpoints.open(stories.resolve("hf-f32"))) {
            assertEquals(reference.tensorNames(), imported.tensorNames());
            for (String name : reference.tensorNames()) {
                assertArrayEquals(reference.tensor(name).floats(), imported.tensor(name).floats(), 0f, name);
            }
        }
        assertTrue(Files.exists(out.resolve("tok512.bin")), "tokenizer copied beside the weights");
        assertEquals(1, listing(tmp).length, "nothing but the output is left in its parent folder");
    }

    @Test
    void existingOutputIsRefusedAndLeftAlone(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectory(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun run = CliRun.of("import", SharedData.stories260K().resolve("hf-f32").toString(), out.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: taken: already exists; pass --force to replace it", run.err().strip());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void forceReplacesAnExistingOutput(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectory(tmp.resolve("old"));
        Files.writeString(out.resolve("stale.txt"), "old");
        CliRun run = CliRun.of("import", SharedData.stories260K().resolve("hf-bf16").toString(), out.toString(), "--force");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(out.resolve("stale.txt")));
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertEquals(1, listing(tmp).length);
    }

    @Test
    void importingOntoTheInputIsRefused(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("model");
        CliRun first = CliRun.of("import", SharedData.stories260K().resolve("hf-f32").toString(), copy.toString());
        assertEquals(0, first.exitCode(), first.err());
        byte[] before = Files.readAllBytes(copy.resolve("model.safetensors"));
        CliRun run = CliRun.of("import", copy.toString(), copy.toString(), "--force");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("tucker: model: is (or holds) the input; choose another output folder", run.err().strip());
        assertArrayEquals(before, Files.readAllBytes(copy.resolve("model.safetensors")));
    }

    private static Path[] listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toArray(Path[]::new);
        }
    }
}
