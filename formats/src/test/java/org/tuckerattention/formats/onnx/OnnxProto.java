package org.tuckerattention.formats.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Writes small ONNX protobuf messages field by field, including malformed ones, for the tests. */
final class OnnxProto {

    static final int FLOAT = 1;
    static final int INT8 = 3;
    static final int INT64 = 7;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;

    /** Fields written into one message. */
    @FunctionalInterface
    interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            fields.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A TensorProto with packed dims and raw_data. */
    static byte[] rawTensor(String name, int dataType, long[] dims, byte[] raw) {
        return message(out -> {
            packedDims(out, dims);
            out.writeInt32(2, dataType);
            out.writeString(8, name);
            out.writeByteArray(9, raw);
        });
    }

    /** A float32 TensorProto with raw_data. */
    static byte[] floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return rawTensor(name, FLOAT, dims, b.array());
    }

    /** An int64 TensorProto in int64_data (how shape constants are often written). */
    static byte[] int64Tensor(String name, long... values) {
        return message(out -> {
            out.writeInt64(1, values.length);
            out.writeInt32(2, INT64);
            for (long v : values) {
                out.writeInt64(7, v);
            }
            out.writeString(8, name);
        });
    }

    static void packedDims(CodedOutputStream out, long[] dims) throws IOException {
        byte[] packed = message(o -> {
            for (long d : dims) {
                o.writeInt64NoTag(d);
            }
        });
        out.writeByteArray(1, packed);
    }

    static byte[] node(String name, String opType, List<String> inputs, List<String> outputs, byte[]... attributes) {
        return message(out -> {
            for (String i : inputs) {
                out.writeString(1, i);
            }
            for (String o : outputs) {
                out.writeString(2, o);
            }
            out.writeString(3, name);
            out.writeString(4, opType);
            for (byte[] a : attributes) {
                out.writeByteArray(5, a);
            }
        });
    }

    static byte[] floatAttribute(String name, float f) {
        return message(out -> {
            out.writeString(1, name);
            out.writeFloat(2, f);
            out.writeInt32(20, 1);
        });
    }

    static byte[] intAttribute(String name, long i) {
        return message(out -> {
            out.writeString(1, name);
            out.writeInt64(3, i);
            out.writeInt32(20, 2);
        });
    }

    static byte[] intsAttribute(String name, long... ints) {
        return message(out -> {
            out.writeString(1, name);
            for (long v : ints) {
                out.writeInt64(8, v);
            }
            out.writeInt32(20, 7);
        });
    }

    static byte[] tensorAttribute(String name, byte[] tensor) {
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(5, tensor);
            out.writeInt32(20, 4);
        });
    }

    /** A Constant node whose single output {@code output} is {@code tensor}. */
    static byte[] constant(String name, String output, byte[] tensor) {
        return node(name, "Constant", List.of(), List.of(output), tensorAttribute("value", tensor));
    }

    static byte[] graph(List<byte[]> nodes, List<byte[]> initializers) {
        return message(out -> {
            for (byte[] n : nodes) {
                out.writeByteArray(1, n);
            }
            out.writeString(2, "test_graph");
            for (byte[] t : initializers) {
                out.writeByteArray(5, t);
            }
        });
    }

    /** A ModelProto: ir_version 8, producer "test", then the graph, as exporters order them. */
    static byte[] model(byte[] graph) {
        return message(out -> {
            out.writeInt64(1, 8);
            out.writeString(2, "test");
            out.writeByteArray(7, graph);
        });
    }

    /** A model whose graph has just {@code initializers}. */
    static byte[] modelWith(byte[]... initializers) {
        return model(graph(List.of(), List.of(initializers)));
    }

    private OnnxProto() {}
}
