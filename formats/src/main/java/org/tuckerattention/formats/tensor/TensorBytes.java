package org.tuckerattention.formats.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Where a tensor's bytes are: a region of a file (mapped on demand) or a buffer in memory. */
public interface TensorBytes {

    /** {@code length} bytes starting {@code offset} bytes into the tensor, little-endian, read-only. */
    ByteBuffer read(long offset, int length);

    /**
     * A region of a file. Regions are mapped only when read and only as far as asked, so a tensor may
     * exceed 2 GiB (a Java buffer may not) as long as each read stays under it.
     */
    static TensorBytes fileRegion(FileChannel channel, long start) {
        return (offset, length) -> {
            try {
                return channel.map(FileChannel.MapMode.READ_ONLY, start + offset, length)
                        .order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Bytes already in memory, e.g. decoded from a format that does not store them contiguously. */
    static TensorBytes inMemory(ByteBuffer buffer) {
        ByteBuffer own = buffer.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return (offset, length) ->
                own.slice(Math.toIntExact(offset), length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
