package org.tuckerattention.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.Matrix;
import org.tuckerattention.formats.tensor.TensorRef;
import org.tuckerattention.samples.SampleModels;

/** The importer on the real all-MiniLM-L6-v2 export (DESIGN §10), from its Maven artifact. */
class MiniLmImportTest {

    private static Path onnx;
    private static Checkpoint checkpoint;

    @BeforeAll
    static void open() {
        onnx = SampleModels.miniLm();
        checkpoint = OnnxImporter.open(onnx);
    }

    @AfterAll
    static void close() {
        checkpoint.close();
    }

    @Test
    void synthesizesBertConfigFromShapesAndGraph() {
        HfConfig c = checkpoint.config();

        assertEquals("bert", c.modelType());
        assertEquals(List.of("BertModel"), c.architectures());
        assertEquals(6, c.requireInt("num_hidden_layers"));
        assertEquals(384, c.requireInt("hidden_size"));
        assertEquals(12, c.requireInt("num_attention_heads"));
        assertEquals(1536, c.requireInt("intermediate_size"));
        assertEquals(30522, c.requireInt("vocab_size"));
        assertEquals(512, c.requireInt("max_position_embeddings"));
        assertEquals(2, c.requireInt("type_vocab_size"));
        assertEquals(1e-12, c.requireDouble("layer_norm_eps"));
        assertEquals("gelu", c.requireString("hidden_act"));
        assertEquals(onnx, c.file());
    }

    @Test
    void namesEveryBertModelTensorAndNothingElse() {
        SortedSet<String> expected = new TreeSet<>(List.of("embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
        for (int layer = 0; layer < 6; layer++) {
            String p = "encoder.layer." + layer + ".";
            for (String module : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                    "output.LayerNorm")) {
                expected.add(p + module + ".weight");
                expected.add(p + module + ".bias");
            }
        }

        assertEquals(expected, checkpoint.tensorNames());
        assertArrayEquals(new long[] {1536, 384}, checkpoint.tensor("encoder.layer.5.intermediate.dense.weight").shape());
        assertArrayEquals(new long[] {384, 1536}, checkpoint.tensor("encoder.layer.5.output.dense.weight").shape());
    }

    @Test
    void queryWeightIsTheTransposeOfTheStoredMatMulInitializer() throws IOException {
        TensorRef query = checkpoint.tensor("encoder.layer.0.attention.self.query.weight");
        Matrix stored;
        try (FileChannel channel = FileChannel.open(onnx)) {
            OnnxGraph graph = OnnxModelReader.read(onnx, channel);
            OnnxNode matMul = graph.nodes().stream()
                    .filter(n -> n.name().equals("/encoder/layer.0/attention/self/query/MatMul"))
                    .findFirst().orElseThrow();
            OnnxTensor initializer = graph.initializer(matMul.input(1)).orElseThrow();
            assertTrue(initializer.name().startsWith("onnx::MatMul_"), initializer.name());
            stored = initializer.ref(onnx, "stored").matrix();
        }

        assertArrayEquals(new long[] {384, 384}, query.shape());
        assertEquals(stored.transposed(), query.matrix());
        assertEquals(stored.get(1, 0), query.matrix().get(0, 1));
    }

    @Test
    void readsClsRowOfWordEmbeddingsAsStoredInTheFile() throws IOException {
        float[] row = checkpoint.tensor("embeddings.word_embeddings.weight").floats(101L * 384, 384);

        // Found without the importer: the table's raw_data is the one field tagged 9 (0x4a) whose
        // length is 30522 × 384 × 4 = 46881792, varint 80 b8 ad 16.
        byte[] marker = {0x4a, (byte) 0x80, (byte) 0xb8, (byte) 0xad, 0x16};
        float[] expected = new float[384];
        try (FileChannel channel = FileChannel.open(onnx)) {
            MappedByteBuffer file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            int data = indexOf(file, marker) + marker.length;
            file.order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 384; i++) {
                expected[i] = file.getFloat(data + (101 * 384 + i) * 4);
            }
        }

        assertArrayEquals(expected, row);
        assertEquals(-0.01761939749121666f, row[0]);
        assertEquals(-0.007600549608469009f, row[1]);
        assertEquals(0.047105543315410614f, row[2]);
        assertEquals(-0.061677366495132446f, row[383]);
    }

    @Test
    void listsTheTokenizerBesideTheModel() {
        assertEquals(List.of(onnx.resolveSibling("tokenizer.json")), checkpoint.extraFiles());
    }

    @Test
    void rejectsTruncatedCopy(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("truncated.onnx");
        try (InputStream in = Files.newInputStream(onnx)) {
            Files.write(truncated, in.readNBytes(1 << 20));
        }

        CheckpointException e = assertThrows(CheckpointException.class, () -> OnnxImporter.open(truncated));

        assertTrue(e.getMessage().matches("truncated\\.onnx: graph at byte \\d+ claims 9038\\d{4} bytes, past the "
                + "end of the file \\(\\d+ bytes left\\)"), e.getMessage());
    }

    private static int indexOf(MappedByteBuffer file, byte[] marker) {
        int found = -1;
        for (int i = 0; i + marker.length <= file.limit(); i++) {
            int k = 0;
            while (k < marker.length && file.get(i + k) == marker[k]) {
                k++;
            }
            if (k == marker.length) {
                assertEquals(-1, found, "the marker is unique");
                found = i;
            }
        }
        assertTrue(found >= 0, "raw_data of the word embeddings not found");
        return found;
    }
}
