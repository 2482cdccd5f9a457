package org.tuckerattention.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.TensorRef;

/**
 * Files and tensors beyond 2 GiB, on a sparse file: the 2.4 GB tensor is a hole, so the test needs
 * neither the disk space nor the memory. The file is deleted even when the test fails.
 */
class SafetensorsLargeFileTest {

    private static final long BIG = 2_400_000_000L;

    @TempDir(cleanup = CleanupMode.ALWAYS)
    Path dir;

    @Test
    void readsTensorsBeyondTwoGibibytesFromASparseFile() throws IOException {
        Path file = dir.resolve("large.safetensors");
        try {
            String json = "{\"big\":{\"dtype\":\"I8\",\"shape\":[48,50000000],\"data_offsets\":[0," + BIG + "]},"
                    + "\"tail\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + BIG + "," + (BIG + 12) + "]}}";
            RawSafetensors.write(file, json, 0);
            long dataStart = Files.size(file);
            ByteBuffer tail = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(1.25f).putFloat(-3e38f).putFloat(Float.MIN_VALUE).flip();
            try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
                sparse.setLength(dataStart + BIG + 12);
                FileChannel channel = sparse.getChannel();
                while (tail.hasRemaining()) {
                    channel.write(tail, dataStart + BIG + tail.position());
                }
            }

            try (SafetensorsFile f = SafetensorsReader.open(file)) {
                TensorRef big = f.tensors().get("big");
                assertEquals(BIG, big.elementCount());
                assertArrayEquals(new float[8], big.floats(BIG - 8, 8));
                // A read straddling the 2 GiB file offset.
                assertArrayEquals(new float[16], big.floats((1L << 31) - dataStart - 8, 16));
                assertEquals("large.safetensors: tensor 'big' has 2400000000 elements, more than one array can hold;"
                        + " read it in parts", assertThrows(CheckpointException.class, big::floats).getMessage());
                assertArrayEquals(new float[] {1.25f, -3e38f, Float.MIN_VALUE}, f.tensors().get("tail").floats());

                Path copy = dir.resolve("tail.safetensors");
                SafetensorsWriter.write(copy, List.of(TensorSource.copyOf(f.tensors().get("tail"))), Map.of());
                try (SafetensorsFile c = SafetensorsReader.open(copy)) {
                    assertArrayEquals(new float[] {1.25f, -3e38f, Float.MIN_VALUE}, c.tensors().get("tail").floats());
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
