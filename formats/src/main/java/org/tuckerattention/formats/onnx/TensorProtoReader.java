package org.tuckerattention.formats.onnx;

import com.google.protobuf.WireFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorBytes;

/**
 * Reads one ONNX TensorProto: dims (1), data_type (2), float_data (4), int32_data (5), int64_data (7),
 * name (8), raw_data (9), double_data (10); external data (13, 14) and segments (3) are rejected.
 * raw_data stays in the file (zero-copy); typed fields are decoded into memory as they are read, so
 * memory grows only with bytes actually present, never with a claimed size.
 */
final class TensorProtoReader {

    /** ONNX TensorProto.DataType names by code, for messages. */
    private static final String[] TYPE_NAMES = {
        "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16",
        "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ",
        "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1"
    };

    private static final int MAX_RANK = 32;

    private final ProtoInput in;
    private final FileChannel channel;
    private final long[] dims = new long[MAX_RANK];
    private int rank;
    private long dataType;
    private String name = "";
    private long rawStart = -1;
    private int rawLength;
    private boolean external;
    private boolean segmented;
    private final Values floats = new Values("float_data", 4);
    private final Values int32s = new Values("int32_data", 4);
    private final Values int64s = new Values("int64_data", 8);
    private final Values doubles = new Values("double_data", 8);

    private TensorProtoReader(ProtoInput in, FileChannel channel) {
        this.in = in;
        this.channel = channel;
    }

    /** Reads the embedded TensorProto of field {@code tag}; raw_data regions refer to {@code channel}. */
    static OnnxTensor read(ProtoInput in, int tag, FileChannel channel) {
        TensorProtoReader reader = new TensorProtoReader(in, channel);
        int token = in.beginMessage(tag, "tensor");
        for (int t = in.tag(); t != 0; t = in.tag()) {
            reader.field(t);
        }
        in.endMessage(token);
        return reader.build();
    }

    private void field(int tag) {
        switch (WireFormat.getTagFieldNumber(tag)) {
            case 1 -> repeated(tag, "tensor dims", WireFormat.WIRETYPE_VARINT, 0, this::dim);
            case 2 -> {
                in.expect(tag, WireFormat.WIRETYPE_VARINT, "tensor data_type");
                dataType = in.varint();
            }
            case 3 -> {
                segmented = true;
                in.skip(tag);
            }
            case 4 -> repeated(tag, "float_data", WireFormat.WIRETYPE_FIXED32, 4,
                    () -> floats.room(4).putFloat(in.fixed32Float()));
            case 5 -> repeated(tag, "int32_data", WireFormat.WIRETYPE_VARINT, 0,
                    () -> int32s.room(4).putInt((int) in.varint()));
            case 7 -> repeated(tag, "int64_data", WireFormat.WIRETYPE_VARINT, 0,
                    () -> int64s.room(8).putLong(in.varint()));
            case 8 -> name = in.string(tag, "tensor name");
            case 9 -> {
                rawLength = in.lengthDelimited(tag, "raw_data");
                rawStart = in.position();
                in.skipRaw(rawLength);
            }
            case 10 -> repeated(tag, "double_data", WireFormat.WIRETYPE_FIXED64, 8,
                    () -> doubles.room(8).putDouble(in.fixed64Double()));
            case 13 -> {
                external = true;
                in.skip(tag);
            }
            case 14 -> {
                in.expect(tag, WireFormat.WIRETYPE_VARINT, "tensor data_location");
                external |= in.varint() == 1;
            }
            default -> in.skip(tag);
        }
    }

    /** A repeated scalar field, packed (one length-delimited run) or one element per tag. */
    private void repeated(int tag, String what, int scalarWireType, int fixedWidth, Runnable element) {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            in.expect(tag, scalarWireType, what);
            element.run();
            return;
        }
        int token = in.beginMessage(tag, what);
        if (fixedWidth > 0 && in.bytesUntilLimit() % fixedWidth != 0) {
            throw in.fail("packed " + what + " of " + in.bytesUntilLimit() + " bytes is not a multiple of "
                    + fixedWidth);
        }
        while (in.bytesUntilLimit() > 0) {
            element.run();
        }
        in.endMessage(token);
    }

    private void dim() {
        long d = in.varint();
        if (rank == MAX_RANK) {
            throw in.fail("tensor '" + name + "' has more than " + MAX_RANK + " dims");
        }
        dims[rank++] = d;
    }

    private OnnxTensor build() {
        String label = "tensor '" + name + "'";
        if (external) {
            throw in.fail(label + " keeps its data in an external file; only self-contained .onnx files are supported");
        }
        if (segmented) {
            throw in.fail(label + " is segmented, which is not supported");
        }
        DType dtype = dtype(label);
        long[] shape = Arrays.copyOf(dims, rank);
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw in.fail(label + " has a negative dimension in " + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw in.fail(label + " has dims " + Arrays.toString(shape) + " whose product overflows");
            }
        }
        String type = typeName(dataType) + Arrays.toString(shape);
        if (rawStart < 0) {
            return new OnnxTensor(name, dtype, shape, typed(label, type, dtype, count));
        }
        for (Values v : new Values[] {floats, int32s, int64s, doubles}) {
            if (v.count() > 0) {
                throw in.fail(label + " has both raw_data and " + v.field);
            }
        }
        if (count > rawLength || count * dtype.byteSize() != rawLength) {
            throw in.fail(label + " has " + rawLength + " bytes of raw_data but " + type + " needs " + count
                    + " elements of " + dtype.byteSize() + " bytes");
        }
        return new OnnxTensor(name, dtype, shape, TensorBytes.fileRegion(channel, rawStart));
    }

    /** Typed-field data in the field ONNX assigns to {@code dtype}; narrow types arrive widened in int32_data. */
    private TensorBytes typed(String label, String type, DType dtype, long count) {
        Values source = switch (dtype) {
            case F32 -> floats;
            case F64 -> doubles;
            case I64 -> int64s;
            default -> int32s;
        };
        for (Values v : new Values[] {floats, int32s, int64s, doubles}) {
            if (v != source && v.count() > 0) {
                throw in.fail(label + " of type " + typeName(dataType) + " has values in " + v.field);
            }
        }
        if (source.count() != count) {
            throw in.fail(label + " holds " + source.count() + " values in " + source.field + " but " + type
                    + " needs " + count);
        }
        ByteBuffer data = source.buffer.duplicate().flip().order(ByteOrder.LITTLE_ENDIAN);
        if (source != int32s || dtype.byteSize() == 4) {
            return TensorBytes.inMemory(data);
        }
        ByteBuffer narrow = ByteBuffer.allocate((int) count * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
            int v = data.getInt();
            if (dtype.byteSize() == 2) {
                narrow.putShort((short) v); // F16 and BF16 keep their bit pattern in the low 16 bits
            } else {
                narrow.put((byte) v);
            }
        }
        return TensorBytes.inMemory(narrow.flip());
    }

    private DType dtype(String label) {
        if (dataType == 0) {
            throw in.fail(label + " has no data type");
        }
        int code = dataType < 0 || dataType >= TYPE_NAMES.length ? -1 : (int) dataType;
        return switch (code) {
            case 1 -> DType.F32;
            case 2 -> DType.U8;
            case 3 -> DType.I8;
            case 5 -> DType.I16;
            case 6 -> DType.I32;
            case 7 -> DType.I64;
            case 9 -> DType.BOOL;
            case 10 -> DType.F16;
            case 11 -> DType.F64;
            case 16 -> DType.BF16;
            default -> throw in.fail(label + " has unsupported data type " + typeName(dataType)
                    + " (supported: FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT64, INT32, INT16, INT8, UINT8, BOOL)");
        };
    }

    private static String typeName(long code) {
        return code >= 0 && code < TYPE_NAMES.length ? TYPE_NAMES[(int) code] : "code " + Long.toUnsignedString(code);
    }

    /** Decoded values of one typed field, little-endian, growing as values arrive. */
    private final class Values {
        private final String field;
        private final int width;
        private ByteBuffer buffer = ByteBuffer.allocate(0);

        Values(String field, int width) {
            this.field = field;
            this.width = width;
        }

        long count() {
            return buffer.position() / width;
        }

        ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                long needed = (long) buffer.position() + bytes;
                if (needed > Integer.MAX_VALUE - 8) {
                    throw in.fail("tensor '" + name + "' has more " + field + " than one buffer can hold");
                }
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buffer.capacity() + 64));
                buffer = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN).put(buffer.flip());
            }
            return buffer;
        }
    }
}
