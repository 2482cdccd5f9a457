package org.tuckerattention.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuckerattention.formats.onnx.TinyBertOnnx.HIDDEN;
import static org.tuckerattention.formats.onnx.TinyBertOnnx.INTERMEDIATE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.Checkpoint;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.hf.HfConfig;
import org.tuckerattention.formats.tensor.TensorRef;

class OnnxImporterTest {

    @TempDir
    Path dir;

    @Test
    void namesAndTransposesEveryWeightOfAPyTorchExport() throws IOException {
        TinyBertOnnx bert = new TinyBertOnnx();

        try (Checkpoint c = open(bert)) {
            assertEquals(bert.expected.keySet(), c.tensorNames());
            assertEquals(5 + 2 * 16, c.tensorNames().size());
            bert.expected.forEach((name, values) -> assertArrayEquals(values, c.tensor(name).floats(), name));
            assertArrayEquals(new long[] {INTERMEDIATE, HIDDEN},
                    c.tensor("encoder.layer.1.intermediate.dense.weight").shape());
            assertArrayEquals(new long[] {HIDDEN, INTERMEDIATE}, c.tensor("encoder.layer.1.output.dense.weight").shape());
            assertEquals(List.of(), c.extraFiles());
        }
    }

    @Test
    void synthesizesConfigFromShapesAndGraph() throws IOException {
        try (Checkpoint c = open(new TinyBertOnnx())) {
            HfConfig config = c.config();
            assertEquals("bert", config.modelType());
            assertEquals(List.of("BertModel"), config.architectures());
            assertEquals(HIDDEN, config.requireInt("hidden_size"));
            assertEquals(2, config.requireInt("num_hidden_layers"));
            assertEquals(2, config.requireInt("num_attention_heads"));
            assertEquals(INTERMEDIATE, config.requireInt("intermediate_size"));
            assertEquals(11, config.requireInt("vocab_size"));
            assertEquals(7, config.requireInt("max_position_embeddings"));
            assertEquals(2, config.requireInt("type_vocab_size"));
            assertEquals(1e-12, config.requireDouble("layer_norm_eps"));
            assertEquals("gelu", config.requireString("hidden_act"));
            assertEquals(dir.resolve("model.onnx"), config.file());
        }
    }

    @Test
    void stripsBertPrefixAndFindsAnonymousNormWeightsThroughNodeNames() throws IOException {
        TinyBertOnnx bert = variant(b -> {
            b.bertPrefix = true;
            b.anonymousNorms = true;
        });

        try (Checkpoint c = open(bert)) {
            assertEquals(bert.expected.keySet(), c.tensorNames());
            bert.expected.forEach((name, values) -> assertArrayEquals(values, c.tensor(name).floats(), name));
            assertEquals(1e-12, c.config().requireDouble("layer_norm_eps"));
        }
    }

    @Test
    void readsEpsilonOfFusedLayerNormalization() throws IOException {
        TinyBertOnnx fused = variant(b -> {
            b.norm = TinyBertOnnx.Norm.FUSED;
            b.epsilon = 1e-6f;
            b.anonymousNorms = true;
        });
        TinyBertOnnx noAttribute = variant(b -> b.norm = TinyBertOnnx.Norm.FUSED_WITHOUT_EPSILON);

        try (Checkpoint c = open(fused)) {
            assertEquals(1e-6, c.config().requireDouble("layer_norm_eps"));
            fused.expected.forEach((name, values) -> assertArrayEquals(values, c.tensor(name).floats(), name));
        }
        try (Checkpoint c = open(noAttribute)) {
            assertEquals(1e-5, c.config().requireDouble("layer_norm_eps"), "ONNX's default epsilon");
        }
    }

    @Test
    void readsHeadsFromAnInitializerShapeOrInfersThemFromHeadSize() throws IOException {
        for (TinyBertOnnx.HeadShape shape : List.of(TinyBertOnnx.HeadShape.INITIALIZER,
                TinyBertOnnx.HeadShape.INFERRED_HEADS)) {
            try (Checkpoint c = open(variant(b -> b.headShape = shape))) {
                assertEquals(2, c.config().requireInt("num_attention_heads"), shape.name());
            }
        }
    }

    @Test
    void failsClearlyWhenHeadsCannotBeDetermined() {
        assertEquals("model.onnx: cannot determine num_attention_heads: /encoder/layer.0/attention/self/Reshape_2 "
                + "has shape [0, 0, 3, 3], expected [..., heads, head_size] with heads × head_size = 8",
                error(variant(b -> b.headShape = TinyBertOnnx.HeadShape.INCONSISTENT)));
        assertEquals("model.onnx: cannot determine num_attention_heads: no Reshape follows "
                + "/encoder/layer.0/attention/self/query/MatMul",
                error(variant(b -> b.headShape = TinyBertOnnx.HeadShape.NO_RESHAPE)));
    }

    @Test
    void failsNamingAMissingTensor() {
        assertEquals("model.onnx: BERT tensor 'encoder.layer.1.attention.self.key.weight' not found: no initializer "
                + "of that name (optionally prefixed bert.) and none read by a node named "
                + "/encoder/layer.1/attention/self/key/*",
                error(variant(b -> b.omitNode = "/encoder/layer.1/attention/self/key/MatMul")));
    }

    @Test
    void rejectsModelsThatAreNotBert() throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, OnnxProto.modelWith(OnnxProto.floatTensor("w", new long[] {2}, new float[] {1, 2})));

        CheckpointException e = assertThrows(CheckpointException.class, () -> OnnxImporter.open(file));

        assertTrue(e.getMessage().startsWith("model.onnx: no BERT encoder layers found"), e.getMessage());
    }

    @Test
    void rejectsMissingFile() {
        CheckpointException e = assertThrows(
                CheckpointException.class, () -> OnnxImporter.open(dir.resolve("absent.onnx")));

        assertEquals("absent.onnx: file not found", e.getMessage());
    }

    @Test
    void listsTokenizerBesideTheModel() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{}");

        try (Checkpoint c = open(new TinyBertOnnx())) {
            assertEquals(List.of(dir.resolve("tokenizer.json")), c.extraFiles());
        }
    }

    @Test
    void mutatedExportsFailOnlyWithCheckpointException() throws IOException {
        byte[] model = new TinyBertOnnx().build();
        Path file = dir.resolve("model.onnx");
        Random random = new Random(345);
        int failures = 0;
        for (int trial = 0; trial < 500; trial++) {
            byte[] mutated = model.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            Files.write(file, mutated);
            try (Checkpoint c = OnnxImporter.open(file)) {
                for (TensorRef t : c.tensors().values()) {
                    assertEquals(t.elementCount(), t.floats().length);
                }
            } catch (CheckpointException e) {
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                failures++;
            }
        }
        assertTrue(failures > 50, "many mutations break the file: " + failures);
    }

    private static TinyBertOnnx variant(Consumer<TinyBertOnnx> settings) {
        TinyBertOnnx bert = new TinyBertOnnx();
        settings.accept(bert);
        return bert;
    }

    private Checkpoint open(TinyBertOnnx bert) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, bert.build());
        return OnnxImporter.open(file);
    }

    private String error(TinyBertOnnx bert) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> open(bert).close());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }
}
