package org.tuckerattention.formats.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.SharedData;
import org.tuckerattention.formats.tensor.TensorRef;

class Llama2cImporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void configEqualsHuggingFaceConversion() throws IOException {
        Path root = SharedData.stories260K();
        try (Checkpoint c = Llama2cImporter.open(root.resolve("stories260K.bin"))) {
            JsonNode expected = JSON.readTree(root.resolve("hf-f32/config.json").toFile());
            assertEquals(expected, c.config().json());
            assertEquals(root.resolve("stories260K.bin"), c.config().file());
        }
    }

    @Test
    void everyTensorEqualsHuggingFaceConversionBitForBit() throws IOException {
        Path root = SharedData.stories260K();
        Map<String, Oracle> expected = readSafetensors(root.resolve("hf-f32/model.safetensors"));
        try (Checkpoint c = Llama2cImporter.open(root.resolve("stories260K.bin"))) {
            assertEquals(expected.keySet(), c.tensorNames());
            assertEquals(2 + 5 * 9, c.tensorNames().size());
            for (Map.Entry<String, Oracle> e : expected.entrySet()) {
                TensorRef t = c.tensor(e.getKey());
                assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
                assertArrayEquals(bits(e.getValue().values()), bits(t.floats()), e.getKey());
            }
        }
    }

    @Test
    void findsTokenizerBesideCheckpoint() {
        Path root = SharedData.stories260K();
        try (Checkpoint c = Llama2cImporter.open(root.resolve("stories260K.bin"))) {
            assertEquals(List.of(root.resolve("tok512.bin")), c.extraFiles());
        }
    }

    @Test
    void prefersVocabNamedTokenizerOverDefaultName() throws IOException {
        Path bin = Llama2cFiles.write(dir.resolve("m.bin"), Llama2cFiles.TINY, new float[0]);
        assertEquals(List.of(), Llama2cImporter.tokenizerFile(bin, 16).stream().toList());
        Files.write(dir.resolve("tokenizer.bin"), new byte[1]);
        assertEquals(List.of(dir.resolve("tokenizer.bin")), Llama2cImporter.tokenizerFile(bin, 16).stream().toList());
        Files.write(dir.resolve("tok16.bin"), new byte[1]);
        assertEquals(List.of(dir.resolve("tok16.bin")), Llama2cImporter.tokenizerFile(bin, 16).stream().toList());
    }

    @Test
    void unsharedClassifierBecomesLmHead() throws IOException {
        float[] floats = Llama2cFiles.randomFloats(Llama2cFiles.TINY_UNSHARED_FLOATS);
        Path bin = Llama2cFiles.write(dir.resolve("m.bin"), Llama2cFiles.tinyWith(5, -16), floats);
        try (Checkpoint c = Llama2cImporter.open(bin)) {
            assertFalse(c.config().booleanOr("tie_word_embeddings", true));
            assertEquals(16, c.config().requireInt("vocab_size"));
            assertEquals(2 + 2 * 9 + 1, c.tensorNames().size());
            TensorRef head = c.tensor("lm_head.weight");
            assertArrayEquals(new long[] {16, 8}, head.shape());
            float[] wcls = Arrays.copyOfRange(floats, Llama2cFiles.TINY_SHARED_FLOATS, floats.length);
            assertArrayEquals(bits(wcls), bits(head.floats()));
            assertArrayEquals(bits(Arrays.copyOf(floats, 128)), bits(c.tensor("model.embed_tokens.weight").floats()));
        }
    }

    @Test
    void permutesQueryAndKeyRowsWithinEachHead() throws IOException {
        float[] floats = Llama2cFiles.randomFloats(Llama2cFiles.TINY_SHARED_FLOATS);
        Path bin = Llama2cFiles.write(dir.resolve("m.bin"), Llama2cFiles.TINY, floats);
        // Layer 1 of wq starts after embedding (128) + rms_att (16) + layer 0 of wq (64); wk after all of wq.
        int wq1 = 128 + 16 + 64;
        int wk1 = 128 + 16 + 128 + 32;
        // dH = 4: rotate-half rows 0,1,2,3 of a head are interleaved rows 0,2,1,3.
        int[] order = {0, 2, 1, 3, 4, 6, 5, 7};
        try (Checkpoint c = Llama2cImporter.open(bin)) {
            float[] q = c.tensor("model.layers.1.self_attn.q_proj.weight").floats();
            float[] k = c.tensor("model.layers.1.self_attn.k_proj.weight").floats();
            for (int row = 0; row < 8; row++) {
                assertArrayEquals(row(floats, wq1, order[row]), row(q, 0, row), "q row " + row);
            }
            for (int row = 0; row < 4; row++) {
                assertArrayEquals(row(floats, wk1, order[row]), row(k, 0, row), "k row " + row);
            }
        }
    }

    @Test
    void rejectsTruncatedCheckpointOnOpen() throws IOException {
        Path bin = Llama2cFiles.write(
                dir.resolve("m.bin"), Llama2cFiles.TINY, new float[Llama2cFiles.TINY_SHARED_FLOATS - 1]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Llama2cImporter.open(bin));
        assertEquals("m.bin: the header implies 4604 bytes but the file is 4600 bytes", e.getMessage());
    }

    /** Row {@code row} of width 8 of the matrix starting at {@code start} in {@code values}. */
    private static float[] row(float[] values, int start, int row) {
        return Arrays.copyOfRange(values, start + 8 * row, start + 8 * row + 8);
    }

    private static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }

    private record Oracle(long[] shape, float[] values) {}

    /**
     * Test oracle: a minimal reading of one trusted F32 safetensors file (8-byte little-endian header
     * length, JSON header, data), kept here so this test does not depend on the project's own reader.
     */
    private static Map<String, Oracle> readSafetensors(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) all.getLong(0);
        JsonNode header = JSON.readTree(Arrays.copyOfRange(all.array(), 8, 8 + headerLength));
        Map<String, Oracle> tensors = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            assertEquals("F32", e.getValue().get("dtype").asText(), e.getKey());
            long[] shape = JSON.convertValue(e.getValue().get("shape"), long[].class);
            int start = 8 + headerLength + e.getValue().get("data_offsets").get(0).asInt();
            int end = 8 + headerLength + e.getValue().get("data_offsets").get(1).asInt();
            float[] values = new float[(end - start) / 4];
            all.slice(start, end - start).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(e.getKey(), new Oracle(shape, values));
        }
        return tensors;
    }
}
