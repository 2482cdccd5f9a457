package org.tuckerattention.formats.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes safetensors files byte by byte, so tests can build malformed ones the writer would refuse. */
final class RawSafetensors {

    /** {@code json} as the header (its UTF-8 length as N), then {@code data}. */
    static Path write(Path file, String json, byte[] data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return write(file, header.length, header, data);
    }

    /** {@code json} as the header, then {@code dataBytes} zero bytes. */
    static Path write(Path file, String json, int dataBytes) throws IOException {
        return write(file, json, new byte[dataBytes]);
    }

    /** A length prefix of {@code declaredLength} (whatever follows), then the given byte arrays. */
    static Path write(Path file, long declaredLength, byte[]... rest) throws IOException {
        int total = 8;
        for (byte[] part : rest) {
            total += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength);
        for (byte[] part : rest) {
            out.put(part);
        }
        return Files.write(file, out.array());
    }

    /** The JSON text of a file's header (padding included). */
    static String headerJson(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    }

    private RawSafetensors() {}
}
