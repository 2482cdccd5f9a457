package org.tuckerattention.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

class SafetensorsReaderTest {

    @TempDir
    Path dir;

    private Path twoTensors() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2f); // "late" holds [1.5, -2] at offsets [0, 8)
        data.putDouble(0.1); // "early"... is listed first in the JSON but stored second
        String json = "{\"early\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"__metadata__\":{\"format\":\"pt\",\"note\":\"x\"},"
                + "\"late\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}";
        return RawSafetensors.write(dir.resolve("two.safetensors"), json, data.array());
    }

    @Test
    void listsTensorsInOffsetOrderWithTheirMetadata() throws IOException {
        Path file = twoTensors();
        try (SafetensorsFile f = SafetensorsReader.open(file)) {
            assertEquals(file, f.file());
            assertEquals(List.of("late", "early"), List.copyOf(f.tensors().keySet()));
            assertEquals(List.of("format", "note"), List.copyOf(f.metadata().keySet()));
            assertEquals(Map.of("format", "pt", "note", "x"), f.metadata());
            TensorRef late = f.tensors().get("late");
            assertEquals(DType.F32, late.dtype());
            assertArrayEquals(new long[] {1, 2}, late.shape());
            assertEquals(file, late.file());
        }
    }

    @Test
    void readsLittleEndianValuesOfEachTensor() throws IOException {
        try (SafetensorsFile f = SafetensorsReader.open(twoTensors())) {
            assertArrayEquals(new float[] {1.5f, -2f}, f.tensors().get("late").floats());
            assertArrayEquals(new float[] {-2f}, f.tensors().get("late").floats(1, 1));
            TensorRef scalar = f.tensors().get("early");
            assertEquals(0, scalar.rank());
            assertArrayEquals(new double[] {0.1}, scalar.doubles());
        }
    }

    @Test
    void failsNamingAMissingFile() {
        assertEquals("absent.safetensors: file not found", assertThrows(CheckpointException.class,
                () -> SafetensorsReader.open(dir.resolve("absent.safetensors"))).getMessage());
    }

    @Test
    void closingTheFileStopsLaterReads() throws IOException {
        TensorRef late;
        try (SafetensorsFile f = SafetensorsReader.open(twoTensors())) {
            late = f.tensors().get("late");
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, late::floats);
        assertInstanceOf(ClosedChannelException.class, e.getCause());
    }
}
