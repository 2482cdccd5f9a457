package org.tuckerattention.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.HalfPrecision;
import org.tuckerattention.formats.tensor.TensorRef;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("out.safetensors");
    }

    @Test
    void roundTripsEveryDtype() throws IOException {
        float[] floats = {0f, -1.5f, 3.1415927f, 1e-7f, -65504f, 7f};
        double[] doubles = {0.1, -2.5e-300, Math.PI, 1e300, -0.0, 9007199254740993.0};
        double[] ints = {0, -128, 127, 42, -7, 100};
        double[] bigInts = {0, -9007199254740991.0, 9007199254740992.0, 1e15, -1, 3};
        long[] shape = {2, 3};
        SafetensorsWriter.write(file(), List.of(
                TensorSource.of("f32", DType.F32, shape, floats),
                TensorSource.of("f16", DType.F16, shape, floats),
                TensorSource.of("bf16", DType.BF16, shape, floats),
                TensorSource.ofDoubles("f64", DType.F64, shape, doubles),
                TensorSource.ofDoubles("i8", DType.I8, shape, ints),
                TensorSource.ofDoubles("i16", DType.I16, shape, ints),
                TensorSource.ofDoubles("i32", DType.I32, shape, ints),
                TensorSource.ofDoubles("i64", DType.I64, shape, bigInts),
                TensorSource.ofDoubles("u8", DType.U8, shape, new double[] {0, 255, 1, 2, 3, 200}),
                TensorSource.ofDoubles("bool", DType.BOOL, shape, new double[] {0, 1, 0, 0, 1, 1})), Map.of());

        try (SafetensorsFile f = SafetensorsReader.open(file())) {
            Map<String, TensorRef> t = f.tensors();
            assertEquals(List.of("bf16", "bool", "f16", "f32", "f64", "i16", "i32", "i64", "i8", "u8"),
                    List.copyOf(t.keySet()));
            assertArrayEquals(floats, t.get("f32").floats());
            float[] f16 = new float[floats.length];
            float[] bf16 = new float[floats.length];
            for (int i = 0; i < floats.length; i++) {
                f16[i] = HalfPrecision.fromF16(HalfPrecision.toF16(floats[i]));
                bf16[i] = HalfPrecision.fromBf16(HalfPrecision.toBf16(floats[i]));
            }
            assertArrayEquals(new float[] {0f, -1.5f, 3.140625f, 1.1920929e-7f, -65504f, 7f}, f16);
            assertArrayEquals(f16, t.get("f16").floats());
            assertArrayEquals(bf16, t.get("bf16").floats());
            assertArrayEquals(doubles, t.get("f64").doubles());
            assertArrayEquals(ints, t.get("i8").doubles());
            assertArrayEquals(ints, t.get("i16").doubles());
            assertArrayEquals(ints, t.get("i32").doubles());
            assertArrayEquals(bigInts, t.get("i64").doubles());
            assertArrayEquals(new double[] {0, 255, 1, 2, 3, 200}, t.get("u8").doubles());
            assertArrayEquals(new double[] {0, 1, 0, 0, 1, 1}, t.get("bool").doubles());
            assertArrayEquals(shape, t.get("i64").shape());
            assertEquals(DType.I64, t.get("i64").dtype());
        }
    }

    @Test
    void roundsBf16AndF16ToNearestEven() throws IOException {
        float one = 1f;
        float[] values = {
            one + 0x1p-8f, // BF16 tie between 0x3f80 and 0x3f81: even is 0x3f80
            one + 0x3p-8f, // BF16 tie between 0x3f81 and 0x3f82: even is 0x3f82
            one + 0x1p-8f + 0x1p-20f, // just above the tie: up to 0x3f81
            one + 0x1p-11f, // F16 tie between 0x3c00 and 0x3c01: 0x3c00
            one + 0x3p-11f, // F16 tie between 0x3c01 and 0x3c02: 0x3c02
            65520f, // F16 tie between 65504 (0x7bff) and 2^16 (overflow): even is infinity
            0x1p-25f, // F16 tie between 0 and the smallest subnormal: 0
            0x3p-25f, // F16 tie between subnormals 1 and 2: 2
        };
        SafetensorsWriter.write(file(), List.of(
                TensorSource.of("bf16", DType.BF16, new long[] {values.length}, values),
                TensorSource.of("f16", DType.F16, new long[] {values.length}, values)), Map.of());
        try (SafetensorsFile f = SafetensorsReader.open(file())) {
            assertArrayEquals(new short[] {0x3f80, 0x3f82, 0x3f81, 0x3f80, 0x3f80, 0x4780, 0x3300, 0x33c0},
                    shorts(f.tensors().get("bf16")));
            assertArrayEquals(new short[] {0x3c04, 0x3c0c, 0x3c04, 0x3c00, 0x3c02, 0x7c00, 0x0000, 0x0002},
                    shorts(f.tensors().get("f16")));
        }
    }

    private static short[] shorts(TensorRef ref) {
        ByteBuffer raw = ref.rawBytes(0, (int) ref.byteSize());
        short[] out = new short[(int) ref.elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw.getShort();
        }
        return out;
    }

    @Test
    void writesSortedHeaderPaddedToEightBytesWithMetadataFirst() throws IOException {
        SafetensorsWriter.write(file(), List.of(
                TensorSource.of("b", DType.F32, new long[] {1}, new float[] {2f}),
                TensorSource.of("a", DType.F16, new long[] {2, 1}, new float[] {1f, -1f})), Map.of("format", "pt"));
        String json = RawSafetensors.headerJson(file());
        String expected = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F16\",\"shape\":[2,1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertEquals(0, json.length() % 8);
        assertEquals(expected + " ".repeat(json.length() - expected.length()), json);
        assertEquals(8 + json.length() + 8, Files.size(file()));
    }

    @Test
    void omitsEmptyMetadata() throws IOException {
        SafetensorsWriter.write(file(), List.of(), Map.of());
        assertEquals("{}      ", RawSafetensors.headerJson(file()));
        try (SafetensorsFile f = SafetensorsReader.open(file())) {
            assertEquals(Map.of(), f.tensors());
        }
    }

    @Test
    void rejectsDuplicateAndReservedNamesWithoutCreatingTheFile() {
        TensorSource a = TensorSource.of("a", DType.F32, new long[] {1}, new float[] {1f});
        assertEquals("duplicate tensor name 'a'", assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(file(), List.of(a, a), Map.of())).getMessage());
        TensorSource reserved = TensorSource.of("__metadata__", DType.F32, new long[] {1}, new float[] {1f});
        assertEquals("tensor name '__metadata__' is reserved", assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(file(), List.of(reserved), Map.of())).getMessage());
        assertFalse(Files.exists(file()));
    }

    @Test
    void rejectsValueCountThatDoesNotFillTheShape() {
        assertEquals("tensor 'a': shape [2, 2] holds 4 elements, got 3 values", assertThrows(
                IllegalArgumentException.class,
                () -> TensorSource.of("a", DType.F32, new long[] {2, 2}, new float[3])).getMessage());
    }

    @Test
    void deletesThePartialFileWhenASourceWritesTheWrongByteCount() throws IOException {
        Files.writeString(file(), "previous content");
        TensorSource good = TensorSource.of("a", DType.F32, new long[] {1}, new float[] {1f});
        TensorSource shortOne = new FixedSource("b", out -> out.write(ByteBuffer.allocate(3)));
        assertEquals("tensor 'b' wrote 3 bytes, but its shape and dtype need 8", assertThrows(
                IllegalArgumentException.class,
                () -> SafetensorsWriter.write(file(), List.of(good, shortOne), Map.of())).getMessage());
        assertFalse(Files.exists(file()));
    }

    @Test
    void deletesThePartialFileWhenASourceFails() {
        TensorSource failing = new FixedSource("b", out -> {
            out.write(ByteBuffer.allocate(4));
            throw new IOException("disk gone");
        });
        assertEquals("disk gone", assertThrows(IOException.class,
                () -> SafetensorsWriter.write(file(), List.of(failing), Map.of())).getMessage());
        assertFalse(Files.exists(file()));
    }

    @Test
    void copiesAndConvertsTensorsLargerThanOneChunk() throws IOException {
        int n = StreamedTensor.CHUNK_BYTES / 4 * 3 / 2 + 5; // one and a half chunks of F32, plus a ragged end
        float[] values = new float[n];
        Random random = new Random(345);
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Path source = dir.resolve("source.safetensors");
        SafetensorsWriter.write(source, List.of(TensorSource.of("w", DType.F32, new long[] {n}, values)), Map.of());
        try (SafetensorsFile in = SafetensorsReader.open(source)) {
            TensorRef w = in.tensors().get("w");
            SafetensorsWriter.write(file(), List.of(TensorSource.copyOf(w)), Map.of());
            assertEquals(-1L, Files.mismatch(source, file()));

            Path converted = dir.resolve("converted.safetensors");
            SafetensorsWriter.write(converted, List.of(TensorSource.converted(w, DType.F64)), Map.of());
            try (SafetensorsFile out = SafetensorsReader.open(converted)) {
                TensorRef f64 = out.tensors().get("w");
                assertEquals(DType.F64, f64.dtype());
                double[] wide = f64.doubles();
                for (int i = 0; i < n; i++) {
                    assertEquals(values[i], wide[i], 0.0);
                }
            }
        }
    }

    @Test
    void convertsToBf16ByRoundingToNearestEvenAcrossChunks() throws IOException {
        int n = StreamedTensor.CHUNK_BYTES / 4 + 3;
        float[] values = new float[n];
        Random random = new Random(346);
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 8 - 4;
        }
        Path source = dir.resolve("source.safetensors");
        SafetensorsWriter.write(source, List.of(TensorSource.of("w", DType.F32, new long[] {n}, values)), Map.of());
        try (SafetensorsFile in = SafetensorsReader.open(source)) {
            TensorSource bf16 = TensorSource.converted(in.tensors().get("w"), DType.BF16);
            SafetensorsWriter.write(file(), List.of(bf16), Map.of());
        }
        try (SafetensorsFile out = SafetensorsReader.open(file())) {
            short[] bits = shorts(out.tensors().get("w"));
            for (int i = 0; i < n; i++) {
                assertEquals(HalfPrecision.toBf16(values[i]), bits[i]);
            }
        }
    }

    @Test
    void convertsInt64ToF64WithoutRoundingThroughFloat() throws IOException {
        double[] ids = {9007199254740991.0, -9007199254740991.0, 16777217.0};
        Path source = dir.resolve("ids.safetensors");
        SafetensorsWriter.write(
                source, List.of(TensorSource.ofDoubles("ids", DType.I64, new long[] {3}, ids)), Map.of());
        try (SafetensorsFile in = SafetensorsReader.open(source)) {
            TensorSource wide = TensorSource.converted(in.tensors().get("ids"), DType.F64);
            SafetensorsWriter.write(file(), List.of(wide), Map.of());
        }
        try (SafetensorsFile out = SafetensorsReader.open(file())) {
            assertArrayEquals(ids, out.tensors().get("ids").doubles());
        }
    }

    /** A source of one F32 pair whose body the test controls. */
    private record FixedSource(String name, StreamedTensor.Body body) implements TensorSource {
        @Override
        public DType dtype() {
            return DType.F32;
        }

        @Override
        public long[] shape() {
            return new long[] {2};
        }

        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            body.writeTo(out);
        }
    }
}
