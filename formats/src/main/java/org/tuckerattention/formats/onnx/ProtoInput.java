package org.tuckerattention.formats.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.tuckerattention.formats.CheckpointException;

/**
 * Protobuf wire input over a whole mapped ONNX file that turns every malformed or hostile construct
 * into a one-line {@link CheckpointException} (STYLE §7). Lengths are read as 64-bit varints and
 * checked against the bytes left before anything is allocated or skipped; groups, which ONNX never
 * uses, are rejected rather than skipped recursively; the number of names, nodes and values kept in
 * memory is bounded.
 */
final class ProtoInput {

    /** Upper bound on nodes, initializers, names and attribute values kept; real graphs hold far fewer. */
    static final int MAX_ITEMS = 4_000_000;

    private final Path file;
    private final CodedInputStream in;
    private final long size;
    private int items;

    /** Reads {@code buffer} from its position to its limit; positions are offsets into it. */
    ProtoInput(Path file, ByteBuffer buffer) {
        this.file = file;
        this.size = buffer.remaining();
        this.in = CodedInputStream.newInstance(buffer);
        // Nothing here recurses through CodedInputStream; a small limit guards against surprises.
        in.setRecursionLimit(8);
        guard(() -> in.pushLimit((int) size));
    }

    /** The next tag, or 0 at the end of the current message. */
    int tag() {
        return guard(in::readTag);
    }

    /** Offset of the next byte to be read. */
    long position() {
        return in.getTotalBytesRead();
    }

    /** Fails unless {@code tag} has the wire type the schema gives its field. */
    void expect(int tag, int wireType, String field) {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw fail(field + " has wire type " + WireFormat.getTagWireType(tag) + ", expected " + wireType);
        }
    }

    /** Enters an embedded message of {@code tag}; returns the token for {@link #endMessage}. */
    int beginMessage(int tag, String what) {
        int length = lengthDelimited(tag, what);
        return guard(() -> in.pushLimit(length));
    }

    void endMessage(int token) {
        in.popLimit(token);
    }

    /**
     * A length prefix, checked to fit in what is left of the file. Read as 64 bits so a huge varint
     * is reported rather than silently truncated to 32 bits.
     */
    int length(String what) {
        long at = position();
        long length = guard(in::readRawVarint64);
        long left = in.getBytesUntilLimit();
        if (length < 0 || length > left) {
            String end = left == size - position() ? "the end of the file" : "the end of its enclosing message";
            throw new CheckpointException(file, what + " at byte " + at + " claims " + Long.toUnsignedString(length)
                    + " bytes, past " + end + " (" + left + " bytes left)");
        }
        return (int) length;
    }

    /** A length-delimited UTF-8 string. */
    String string(int tag, String what) {
        int length = lengthDelimited(tag, what);
        count(what);
        return new String(guard(() -> in.readRawBytes(length)), StandardCharsets.UTF_8);
    }

    /** The checked length of a length-delimited field of {@code tag}; the bytes follow at {@link #position}. */
    int lengthDelimited(int tag, String what) {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
        return length(what);
    }

    /** Skips {@code length} bytes already checked by {@link #length}. */
    void skipRaw(int length) {
        guard(() -> in.skipRawBytes(length));
    }

    long varint() {
        return guard(in::readRawVarint64);
    }

    float fixed32Float() {
        return guard(in::readFloat);
    }

    double fixed64Double() {
        return guard(in::readDouble);
    }

    /** Bytes left before the end of the current message or packed field. */
    int bytesUntilLimit() {
        return in.getBytesUntilLimit();
    }

    /** Skips a field this reader does not need, whatever its (non-group) wire type. */
    void skip(int tag) {
        switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> varint();
            case WireFormat.WIRETYPE_FIXED64 -> guard(in::readRawLittleEndian64);
            case WireFormat.WIRETYPE_FIXED32 -> guard(in::readRawLittleEndian32);
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> skipRaw(length("field " + WireFormat.getTagFieldNumber(tag)));
            default -> throw fail("field " + WireFormat.getTagFieldNumber(tag) + " has unsupported wire type "
                    + WireFormat.getTagWireType(tag));
        }
    }

    /** Counts one more item kept in memory; fails past {@link #MAX_ITEMS}. */
    void count(String what) {
        if (++items > MAX_ITEMS) {
            throw fail("more than " + MAX_ITEMS + " names and values (last: " + what + "); not an ONNX model");
        }
    }

    /** An error at the current position. */
    CheckpointException fail(String problem) {
        return new CheckpointException(file, problem + " at byte " + position());
    }

    /** A read of the underlying stream. */
    @FunctionalInterface
    interface Read<T> {
        T get() throws IOException;
    }

    /** A skip of the underlying stream. */
    @FunctionalInterface
    interface Skip {
        void run() throws IOException;
    }

    private <T> T guard(Read<T> read) {
        try {
            return read.get();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private void guard(Skip skip) {
        try {
            skip.run();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private CheckpointException malformed(IOException e) {
        String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if (why.contains("ended unexpectedly")) {
            why = "the file ends in the middle of a field (truncated?)";
        }
        return new CheckpointException(file, "not a valid ONNX protobuf at byte " + position() + ": " + why, e);
    }
}
