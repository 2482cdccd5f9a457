package org.tuckerattention.formats.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.safetensors.SafetensorsWriter;
import org.tuckerattention.formats.safetensors.TensorSource;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

class HfFolderTest {

    private static final String S1 = "model-00001-of-00002.safetensors";
    private static final String S2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path root;

    /** A folder with a config and, per file, tensors named as given whose single value is their index + 1. */
    private Path folder(String name) throws IOException {
        Path dir = Files.createDirectory(root.resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"llama\",\"hidden_size\":4}");
        return dir;
    }

    private static void weights(Path file, String... tensors) throws IOException {
        List<TensorSource> sources = new ArrayList<>();
        for (int i = 0; i < tensors.length; i++) {
            sources.add(TensorSource.of(tensors[i], DType.F32, new long[] {1, 1}, new float[] {i + 1}));
        }
        SafetensorsWriter.write(file, sources, Map.of());
    }

    private static void index(Path dir, String json) throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"), json);
    }

    private static Path sharded(Path dir) throws IOException {
        weights(dir.resolve(S1), "model.embed_tokens.weight", "model.norm.weight");
        weights(dir.resolve(S2), "lm_head.weight");
        index(dir, "{\"metadata\":{\"total_size\":12},\"weight_map\":{\"lm_head.weight\":\"" + S2 + "\","
                + "\"model.embed_tokens.weight\":\"" + S1 + "\",\"model.norm.weight\":\"" + S1 + "\"}}");
        return dir;
    }

    @Test
    void opensSingleFileFolderWithItsExtraFiles() throws IOException {
        Path dir = folder("single");
        weights(dir.resolve("model.safetensors"), "b", "a");
        for (String extra : List.of("generation_config.json", "vocab.txt", "tokenizer.json", "README.md")) {
            Files.writeString(dir.resolve(extra), "{}");
        }
        weights(dir.resolve("other.safetensors"), "ignored");
        try (Checkpoint c = HfFolder.open(dir)) {
            assertEquals(dir, c.source());
            assertEquals(4, c.config().requireInt("hidden_size"));
            assertEquals(List.of("a", "b"), List.copyOf(c.tensorNames()));
            assertArrayEquals(new float[] {2f}, c.tensor("a").floats());
            assertArrayEquals(new float[] {1f}, c.tensor("b").floats());
            assertEquals(List.of(dir.resolve("tokenizer.json"), dir.resolve("vocab.txt"),
                    dir.resolve("generation_config.json")), c.extraFiles());
        }
    }

    @Test
    void opensShardedFolderThroughItsIndex() throws IOException {
        Path dir = sharded(folder("sharded"));
        try (Checkpoint c = HfFolder.open(dir)) {
            assertEquals(List.of("lm_head.weight", "model.embed_tokens.weight", "model.norm.weight"),
                    List.copyOf(c.tensorNames()));
            TensorRef head = c.tensor("lm_head.weight");
            assertEquals(dir.resolve(S2), head.file());
            assertArrayEquals(new float[] {1f}, head.floats());
            assertArrayEquals(new float[] {2f}, c.tensor("model.norm.weight").floats());
            assertEquals(dir.resolve(S1), c.tensor("model.norm.weight").file());
            assertEquals(List.of(), c.extraFiles());
        }
    }

    @Test
    void prefersTheIndexOverASingleFileBesideIt() throws IOException {
        Path dir = sharded(folder("both"));
        weights(dir.resolve("model.safetensors"), "stale");
        try (Checkpoint c = HfFolder.open(dir)) {
            assertEquals(List.of("lm_head.weight", "model.embed_tokens.weight", "model.norm.weight"),
                    List.copyOf(c.tensorNames()));
        }
    }

    @Test
    void closingTheCheckpointClosesEveryShard() throws IOException {
        Checkpoint c = HfFolder.open(sharded(folder("closing")));
        TensorRef first = c.tensor("model.norm.weight");
        TensorRef second = c.tensor("lm_head.weight");
        c.close();
        assertThrows(UncheckedIOException.class, first::floats);
        assertThrows(UncheckedIOException.class, second::floats);
    }

    @Test
    void failsWithoutWeightsReadOnlyThroughAnIndex() throws IOException {
        Path dir = folder("no-weights");
        weights(dir.resolve("other.safetensors"), "a");
        assertEquals("no-weights: no model.safetensors or model.safetensors.index.json",
                assertThrows(CheckpointException.class, () -> HfFolder.open(dir)).getMessage());
    }

    @Test
    void failsWithoutConfigOrFolder() throws IOException {
        Path dir = Files.createDirectory(root.resolve("no-config"));
        weights(dir.resolve("model.safetensors"), "a");
        assertEquals("config.json: file not found",
                assertThrows(CheckpointException.class, () -> HfFolder.open(dir)).getMessage());
        assertEquals("absent: folder not found",
                assertThrows(CheckpointException.class, () -> HfFolder.open(root.resolve("absent"))).getMessage());
        assertEquals("model.safetensors: not a folder", assertThrows(CheckpointException.class,
                () -> HfFolder.open(dir.resolve("model.safetensors"))).getMessage());
    }

    @Test
    void reportsAShardMissingFromTheIndexedFolder() throws IOException {
        Path dir = sharded(folder("missing-shard"));
        Files.delete(dir.resolve(S2));
        assertEquals("model.safetensors.index.json: shard file '" + S2 + "' is missing",
                assertThrows(CheckpointException.class, () -> HfFolder.open(dir)).getMessage());
    }

    @Test
    void reportsAMalformedShardByItsName() throws IOException {
        Path dir = sharded(folder("bad-shard"));
        Files.write(dir.resolve(S2), new byte[3]);
        assertEquals(S2 + ": file is 3 bytes, too short for the 8-byte header length",
                assertThrows(CheckpointException.class, () -> HfFolder.open(dir)).getMessage());
    }
}
