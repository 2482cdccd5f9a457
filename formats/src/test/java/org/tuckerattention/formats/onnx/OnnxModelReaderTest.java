package org.tuckerattention.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuckerattention.formats.onnx.OnnxProto.FLOAT;
import static org.tuckerattention.formats.onnx.OnnxProto.message;
import static org.tuckerattention.formats.onnx.OnnxProto.modelWith;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;

class OnnxModelReaderTest {

    @TempDir
    Path dir;

    private final List<FileChannel> open = new ArrayList<>();

    @AfterEach
    void closeChannels() throws IOException {
        for (FileChannel c : open) {
            c.close();
        }
    }

    @Test
    void readsRawInitializerWithoutCopyingAndNodesWithAttributes() throws IOException {
        byte[] weight = OnnxProto.floatTensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6.5f});
        byte[] node = OnnxProto.node("/a/MatMul", "MatMul", List.of("x", "w"), List.of("y"),
                OnnxProto.floatAttribute("epsilon", 1e-5f), OnnxProto.intAttribute("transB", 1),
                OnnxProto.intsAttribute("perm", 0, 2, 1, 3));
        OnnxGraph graph = read(OnnxProto.model(OnnxProto.graph(List.of(node), List.of(weight))));

        OnnxTensor w = graph.initializer("w").orElseThrow();
        assertEquals(DType.F32, w.dtype());
        assertArrayEquals(new long[] {2, 3}, w.dims());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, w.ref(dir.resolve("m.onnx"), "w").floats());
        assertTrue(w.bytes().read(0, 4).isDirect(), "raw_data is read from the mapped file");
        OnnxNode n = graph.nodes().get(0);
        assertEquals("MatMul", n.opType());
        assertEquals(List.of("x", "w"), n.inputs());
        assertEquals(n, graph.producer("y").orElseThrow());
        assertEquals(List.of(n), graph.consumers("w"));
        assertEquals(1e-5f, n.attribute("epsilon").orElseThrow().f());
        assertEquals(1, n.attribute("transB").orElseThrow().i());
        assertArrayEquals(new long[] {0, 2, 1, 3}, n.attribute("perm").orElseThrow().ints());
    }

    @Test
    void decodesTypedFieldsPackedAndUnpacked() throws IOException {
        byte[] floats = message(out -> {
            out.writeInt64(1, 3);
            out.writeInt32(2, FLOAT);
            out.writeString(8, "f");
            out.writeByteArray(4, message(o -> {
                o.writeFloatNoTag(1.5f);
                o.writeFloatNoTag(-2f);
            }));
            out.writeFloat(4, 0.25f);
        });
        byte[] halves = message(out -> {
            OnnxProto.packedDims(out, new long[] {2});
            out.writeInt32(2, OnnxProto.FLOAT16);
            out.writeInt32(5, 0x3c00);
            out.writeInt32(5, 0xc000);
            out.writeString(8, "h");
        });
        byte[] doubles = message(out -> {
            out.writeInt64(1, 1);
            out.writeInt32(2, OnnxProto.DOUBLE);
            out.writeDouble(10, Math.PI);
            out.writeString(8, "d");
        });
        byte[] bytes = message(out -> {
            out.writeInt64(1, 2);
            out.writeInt32(2, OnnxProto.INT8);
            out.writeInt32(5, -7);
            out.writeInt32(5, 100);
            out.writeString(8, "b");
        });
        OnnxGraph graph = read(modelWith(floats, halves, doubles, bytes, OnnxProto.int64Tensor("s", 0, 0, 12, -1)));

        Path file = graph.file();
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, graph.initializer("f").orElseThrow().ref(file, "f").floats());
        assertArrayEquals(new float[] {1f, -2f}, graph.initializer("h").orElseThrow().ref(file, "h").floats());
        assertEquals(Math.PI, graph.initializer("d").orElseThrow().ref(file, "d").doubles()[0]);
        assertArrayEquals(new float[] {-7, 100}, graph.initializer("b").orElseThrow().ref(file, "b").floats());
        assertArrayEquals(new long[] {0, 0, 12, -1}, graph.initializer("s").orElseThrow().integers(file));
    }

    @Test
    void rejectsTruncatedFile() throws IOException {
        byte[] model = modelWith(OnnxProto.floatTensor("w", new long[] {4}, new float[] {1, 2, 3, 4}));

        String message = error(Arrays.copyOf(model, model.length - 3));

        assertTrue(message.matches("m\\.onnx: graph at byte \\d+ claims \\d+ bytes, past the end of the file "
                + "\\(\\d+ bytes left\\)"), message);
    }

    @Test
    void rejectsFileEndingInsideAVarint() {
        String message = error(new byte[] {0x08, (byte) 0x80});

        assertTrue(message.matches("m\\.onnx: not a valid ONNX protobuf at byte \\d: the file ends in the middle "
                + "of a field \\(truncated\\?\\)"), message);
    }

    @Test
    void rejectsLengthVarintPastTheEnd() {
        // Graph field, then a length of 2^40: must not be truncated to 32 bits or allocated.
        byte[] model = message(out -> {
            out.writeTag(7, 2);
            out.writeUInt64NoTag(1L << 40);
            out.writeRawBytes(new byte[16]);
        });

        assertEquals("m.onnx: graph at byte 1 claims 1099511627776 bytes, past the end of the file (16 bytes left)",
                error(model));
    }

    @Test
    void rejectsNestedLengthBeyondItsMessage() {
        byte[] tensor = message(out -> {
            out.writeTag(8, 2);
            out.writeUInt32NoTag(50);
            out.writeRawBytes(new byte[4]);
        });

        String message = error(modelWith(tensor, OnnxProto.int64Tensor("after", 1)));

        assertTrue(message.matches("m\\.onnx: tensor name at byte \\d+ claims 50 bytes, past the end of its "
                + "enclosing message \\(4 bytes left\\)"), message);
    }

    @Test
    void rejectsNegativeDims() {
        byte[] tensor = OnnxProto.rawTensor("w", FLOAT, new long[] {2, -3}, new byte[24]);

        assertTrue(error(modelWith(tensor)).startsWith("m.onnx: tensor 'w' has a negative dimension in [2, -3]"));
    }

    @Test
    void rejectsDimsWhoseProductOverflows() {
        byte[] tensor = OnnxProto.rawTensor("w", FLOAT, new long[] {1L << 40, 1L << 40}, new byte[4]);

        assertTrue(error(modelWith(tensor)).startsWith(
                "m.onnx: tensor 'w' has dims [1099511627776, 1099511627776] whose product overflows"));
    }

    @Test
    void rejectsRawDataOfTheWrongLength() {
        byte[] tensor = OnnxProto.rawTensor("w", FLOAT, new long[] {2, 3}, new byte[20]);

        assertTrue(error(modelWith(tensor)).startsWith(
                "m.onnx: tensor 'w' has 20 bytes of raw_data but FLOAT[2, 3] needs 6 elements of 4 bytes"));
    }

    @Test
    void rejectsHugeDimsBeforeAllocating() {
        byte[] tensor = OnnxProto.rawTensor("w", FLOAT, new long[] {1L << 31, 1L << 30}, new byte[8]);

        assertTrue(error(modelWith(tensor)).startsWith("m.onnx: tensor 'w' has 8 bytes of raw_data but "
                + "FLOAT[2147483648, 1073741824] needs 2305843009213693952 elements of 4 bytes"));
    }

    @Test
    void rejectsTypedValuesOfTheWrongCount() {
        byte[] tensor = message(out -> {
            out.writeInt64(1, 3);
            out.writeInt32(2, OnnxProto.INT64);
            out.writeInt64(7, 5);
            out.writeString(8, "s");
        });

        assertTrue(error(modelWith(tensor)).startsWith(
                "m.onnx: tensor 's' holds 1 values in int64_data but INT64[3] needs 3"));
    }

    @Test
    void rejectsUnsupportedDataTypes() {
        assertTrue(error(modelWith(OnnxProto.rawTensor("s", 8, new long[] {1}, new byte[1]))).startsWith(
                "m.onnx: tensor 's' has unsupported data type STRING (supported: FLOAT, DOUBLE, FLOAT16"));
        assertTrue(error(modelWith(OnnxProto.rawTensor("q", 99, new long[] {1}, new byte[1]))).startsWith(
                "m.onnx: tensor 'q' has unsupported data type code 99 (supported:"));
        assertTrue(error(modelWith(OnnxProto.rawTensor("n", 0, new long[] {1}, new byte[1]))).startsWith(
                "m.onnx: tensor 'n' has no data type"));
    }

    @Test
    void rejectsExternalData() {
        byte[] located = message(out -> {
            out.writeInt64(1, 4);
            out.writeInt32(2, FLOAT);
            out.writeString(8, "w");
            out.writeByteArray(13, message(o -> {
                o.writeString(1, "location");
                o.writeString(2, "model.onnx_data");
            }));
            out.writeInt32(14, 1);
        });
        byte[] entryOnly = message(out -> {
            out.writeString(8, "v");
            out.writeByteArray(13, ByteString.copyFromUtf8("x").toByteArray());
        });

        String expected = " keeps its data in an external file; only self-contained .onnx files are supported";
        assertTrue(error(modelWith(located)).startsWith("m.onnx: tensor 'w'" + expected));
        assertTrue(error(modelWith(entryOnly)).startsWith("m.onnx: tensor 'v'" + expected));
    }

    @Test
    void rejectsWrongWireTypeAndGroups() {
        byte[] graphAsVarint = message(out -> out.writeInt64(7, 3));
        byte[] group = message(out -> {
            for (int i = 0; i < 10_000; i++) {
                out.writeTag(9, 3);
            }
        });

        assertEquals("m.onnx: graph has wire type 0, expected 2 at byte 1", error(graphAsVarint));
        assertEquals("m.onnx: field 9 has unsupported wire type 3 at byte 1", error(group));
    }

    @Test
    void rejectsFilesThatAreNotModels() {
        assertEquals("m.onnx: empty file, not an ONNX model", error(new byte[0]));
        assertEquals("m.onnx: no graph (ModelProto field 7); not an ONNX model",
                error(message(out -> out.writeInt64(1, 8))));
    }

    @Test
    void mutatedModelsFailOnlyWithCheckpointException() throws IOException {
        byte[] node = OnnxProto.node("/n/Add", "Add", List.of("a", "w"), List.of("b"),
                OnnxProto.intsAttribute("axes", 1, 2));
        byte[] model = OnnxProto.model(OnnxProto.graph(List.of(node),
                List.of(OnnxProto.floatTensor("w", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
                        OnnxProto.int64Tensor("s", 0, 12))));
        Random random = new Random(345);
        int failures = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] mutated = model.clone();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            Path file = dir.resolve("m.onnx");
            Files.write(file, mutated);
            try (FileChannel channel = FileChannel.open(file)) {
                OnnxModelReader.read(file, channel);
            } catch (CheckpointException e) {
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                failures++;
            }
        }
        assertTrue(failures > 300, "most mutations break the file: " + failures);
    }

    private OnnxGraph read(byte[] model) throws IOException {
        Path file = dir.resolve("m.onnx");
        Files.write(file, model);
        FileChannel channel = FileChannel.open(file);
        open.add(channel);
        return OnnxModelReader.read(file, channel);
    }

    /** The message of the CheckpointException reading {@code model} must throw; checked to be one line. */
    private String error(byte[] model) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> read(model));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }
}
