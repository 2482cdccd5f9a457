package org.tuckerattention.formats.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;

/**
 * The validated header of a safetensors file (DESIGN §11): an 8-byte little-endian length N, then N
 * bytes of UTF-8 JSON mapping tensor names to {@code dtype}, {@code shape} and {@code data_offsets}
 * (relative to the first byte after the header), plus an optional {@code __metadata__} object of
 * strings. Trailing spaces (the writers' padding) are allowed.
 *
 * <p>Validation is as strict as the reference implementation: the tensors' byte ranges must tile the
 * data exactly, from offset 0 to the end of the file, with no gap or overlap (it reports these as
 * "invalid offset" or "metadata incomplete buffer"). Every problem is one line naming the file;
 * nothing is allocated before its size has been checked against the file size.
 */
public final class SafetensorsHeader {

    /** Largest header accepted, as a guard against hostile lengths (the reference uses 100 MB). */
    public static final long MAX_LENGTH = 100L << 20;

    /** Bytes of the length prefix. */
    public static final int PREFIX_BYTES = 8;

    /** One tensor of the header; {@code begin} and {@code end} are relative to {@link #dataStart()}. */
    public record Entry(String name, DType dtype, long[] shape, long begin, long end) {

        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long byteSize() {
            return end - begin;
        }
    }

    private final long length;
    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(long length, List<Entry> entries, Map<String, String> metadata) {
        this.length = length;
        this.entries = Collections.unmodifiableList(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Reads and validates the header of {@code file}, open as {@code channel}; fails naming the file. */
    public static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < PREFIX_BYTES) {
            throw new CheckpointException(
                    file, "file is " + fileSize + " bytes, too short for the 8-byte header length");
        }
        long length = readFully(file, channel, 0, PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // The length is an unsigned 64-bit number; compare unsigned so huge values are not negative.
        if (Long.compareUnsigned(length, fileSize - PREFIX_BYTES) > 0) {
            throw new CheckpointException(
                    file, "header length " + Long.toUnsignedString(length) + " exceeds file size " + fileSize);
        }
        if (length > MAX_LENGTH) {
            throw new CheckpointException(
                    file, "header length " + length + " is larger than the " + MAX_LENGTH + " bytes allowed");
        }
        if (length < 2) {
            throw new CheckpointException(file, "header length " + length + " is too small for a JSON object");
        }
        ByteBuffer json = readFully(file, channel, PREFIX_BYTES, (int) length);
        long dataSize = fileSize - PREFIX_BYTES - length;
        return parse(file, json, length, dataSize);
    }

    /** N, the length of the JSON text in bytes (padding included). */
    public long length() {
        return length;
    }

    /** Absolute file offset of the first data byte. */
    public long dataStart() {
        return PREFIX_BYTES + length;
    }

    /** The tensors in the order of their data. */
    public List<Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} strings, in file order; empty when absent. */
    public Map<String, String> metadata() {
        return metadata;
    }

    private static SafetensorsHeader parse(Path file, ByteBuffer json, long length, long dataSize) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(json).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "header is not valid UTF-8");
        }
        JsonNode root = StrictJson.parse(file, text, "header is not valid JSON");
        if (!(root instanceof ObjectNode object)) {
            throw new CheckpointException(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(EntryParser.entry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end).thenComparing(Entry::name));
        checkTiling(file, entries, dataSize);
        return new SafetensorsHeader(length, entries, metadata);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> into) {
        if (!node.isObject()) {
            throw new CheckpointException(
                    file, "__metadata__ must be an object of strings, got " + EntryParser.describe(node));
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new CheckpointException(file, "__metadata__ value of " + quote(field.getKey())
                        + " must be a string, got " + EntryParser.describe(field.getValue()));
            }
            into.put(field.getKey(), field.getValue().textValue());
        }
    }

    /** The sorted ranges must cover [0, dataSize) exactly once. */
    private static void checkTiling(Path file, List<Entry> sorted, long dataSize) {
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw new CheckpointException(file, "tensors " + quote(previous.name()) + " " + range(previous)
                        + " and " + quote(e.name()) + " " + range(e) + " overlap");
            }
            if (e.begin() > covered) {
                throw new CheckpointException(file, previous == null
                        ? "data does not start at offset 0: the first tensor " + quote(e.name())
                                + " begins at " + e.begin()
                        : "bytes [" + covered + ", " + e.begin() + ") between tensors " + quote(previous.name())
                                + " and " + quote(e.name()) + " belong to no tensor");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataSize) {
            throw new CheckpointException(file, previous == null
                    ? "no tensors, but " + dataSize + " data bytes follow the header"
                    : (dataSize - covered) + " bytes after the last tensor " + quote(previous.name())
                            + " belong to no tensor");
        }
    }

    private static String quote(String text) {
        return EntryParser.quote(text);
    }

    private static String range(Entry e) {
        return "[" + e.begin() + ", " + e.end() + "]";
    }

    private static ByteBuffer readFully(Path file, FileChannel channel, long position, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CheckpointException(file, "file ended while reading the header");
            }
        }
        return buffer.flip();
    }
}
