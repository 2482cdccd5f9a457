package org.tuckerattention.formats.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes safetensors files (DESIGN §6, §11) that {@link SafetensorsReader} and the reference
 * implementation accept: tensors sorted by name and stored back to back in that order, the header
 * JSON padded with spaces to a multiple of 8 bytes, {@code __metadata__} first when there is any.
 * Bytes are streamed from each {@link TensorSource}, so the file is never held in memory.
 *
 * <p>The file is written in place; making a whole output folder appear atomically is the caller's
 * job (DESIGN §6). A write that fails deletes the partial file.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}, replacing it if it exists.
     *
     * @throws IllegalArgumentException for a duplicate or reserved name, a negative or overflowing
     *     shape, a null metadata value, or a source that writes a different number of bytes than its
     *     shape and dtype promise (the partial file is deleted)
     * @throws IOException when the file cannot be written (the partial file is deleted)
     */
    public static void write(Path file, List<? extends TensorSource> tensors, Map<String, String> metadata)
            throws IOException {
        List<TensorSource> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(TensorSource::name));
        long[] sizes = new long[sorted.size()];
        ByteBuffer header = header(sorted, sizes, metadata);
        FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try (channel) {
            StreamedTensor.writeFully(channel, header);
            for (int i = 0; i < sorted.size(); i++) {
                TensorSource t = sorted.get(i);
                CountingChannel counter = new CountingChannel(channel);
                t.writeTo(counter);
                if (counter.count != sizes[i]) {
                    throw new IllegalArgumentException("tensor '" + t.name() + "' wrote " + counter.count
                            + " bytes, but its shape and dtype need " + sizes[i]);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException deleting) {
                e.addSuppressed(deleting);
            }
            throw e;
        }
    }

    /** The length prefix and padded JSON; fills {@code sizes} with each tensor's byte count. */
    private static ByteBuffer header(List<TensorSource> sorted, long[] sizes, Map<String, String> metadata)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            new TreeMap<>(metadata).forEach((key, value) -> {
                if (value == null) {
                    throw new IllegalArgumentException("metadata '" + key + "' has no value");
                }
                meta.put(key, value);
            });
        }
        long offset = 0;
        for (int i = 0; i < sorted.size(); i++) {
            TensorSource t = sorted.get(i);
            if (t.name().equals("__metadata__")) {
                throw new IllegalArgumentException("tensor name '__metadata__' is reserved");
            }
            if (root.has(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            long[] shape = t.shape();
            try {
                sizes[i] = Math.multiplyExact(StreamedTensor.elementCount(t.name(), shape), t.dtype().byteSize());
                ObjectNode entry = root.putObject(t.name());
                entry.put("dtype", t.dtype().name());
                ArrayNode dims = entry.putArray("shape");
                Arrays.stream(shape).forEach(dims::add);
                entry.putArray("data_offsets").add(offset).add(Math.addExact(offset, sizes[i]));
                offset += sizes[i];
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "tensor '" + t.name() + "': shape " + Arrays.toString(shape) + " is too large to store");
            }
        }
        byte[] json = JSON.writeValueAsBytes(root);
        // Padding keeps the data 8-byte aligned, as the reference writer does, so mapped F64 reads align.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(SafetensorsHeader.PREFIX_BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.flip();
    }

    /** Counts what a source writes; ignores close so a source cannot end the file early. */
    private static final class CountingChannel implements WritableByteChannel {
        private final WritableByteChannel out;
        private long count;

        CountingChannel(WritableByteChannel out) {
            this.out = out;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = out.write(src);
            count += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() {
            // The writer owns the file channel.
        }
    }

    private SafetensorsWriter() {}
}
