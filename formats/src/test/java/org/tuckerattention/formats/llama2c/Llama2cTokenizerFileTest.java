package org.tuckerattention.formats.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.SharedData;

class Llama2cTokenizerFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTok512() {
        Llama2cTokenizerFile tok = Llama2cTokenizerFile.read(SharedData.stories260K().resolve("tok512.bin"), 512);
        assertEquals(512, tok.vocabSize());
        assertEquals(512, tok.pieces().size());
        assertEquals(7, tok.maxTokenLength());
        assertEquals("<unk>", tok.pieces().get(0));
        assertEquals("\n<s>\n", tok.pieces().get(1));
        assertEquals("\n</s>\n", tok.pieces().get(2));
        for (int b = 0; b < 256; b++) {
            assertEquals(String.format("<0x%02X>", b), tok.pieces().get(3 + b));
        }
        assertEquals(" t", tok.pieces().get(259));
        assertEquals("he", tok.pieces().get(260));
        assertEquals(-1.0f, tok.score(260));
        assertEquals(" the", tok.pieces().get(265));
        assertEquals(-6.0f, tok.score(265));
        assertEquals(-252.0f, tok.score(511));
        assertArrayEquals(new byte[] {(byte) 0xe2, (byte) 0x80, (byte) 0x8a}, tok.pieceBytes(511));
        assertEquals("\u200a", tok.pieces().get(511));
    }

    @Test
    void rejectsNegativeLength() throws IOException {
        Path file = write(4, piece(0f, "ab"), header(-1f, -3));
        assertRejected("tok.bin: token 1: length -3 is negative", file, 2);
    }

    @Test
    void rejectsLengthAboveMaxTokenLength() throws IOException {
        Path file = write(4, piece(0f, "ab"), piece(-1f, "abcdefghi"));
        assertRejected("tok.bin: token 1: length 9 exceeds max_token_length 4", file, 2);
    }

    @Test
    void rejectsPieceRunningPastEnd() throws IOException {
        Path file = write(4, piece(0f, "ab"), header(-1f, 4), "xy".getBytes(StandardCharsets.UTF_8));
        assertRejected("tok.bin: token 1: length 4 runs past the end of the file at byte 24", file, 2);
    }

    @Test
    void rejectsFileEndingBeforeScoreAndLength() throws IOException {
        Path file = write(4, piece(0f, "abcd"), piece(0f, "abcd"), new byte[4]);
        assertRejected("tok.bin: token 2: file ends at byte 32 before its score and length", file, 3);
    }

    @Test
    void rejectsFileTooShortForVocabulary() throws IOException {
        Path file = write(4, piece(0f, "ab"));
        assertRejected("tok.bin: file is 14 bytes, too short for 512 tokens (at least 4100 bytes)", file, 512);
    }

    @Test
    void rejectsHugeVocabularyBeforeAllocating() throws IOException {
        Path file = write(4, piece(0f, "ab"));
        assertRejected(
                "tok.bin: file is 14 bytes, too short for 2147483647 tokens (at least 17179869180 bytes)",
                file,
                Integer.MAX_VALUE);
    }

    @Test
    void rejectsBytesAfterLastToken() throws IOException {
        Path file = write(4, piece(0f, "ab"), piece(0f, "cd"));
        assertRejected("tok.bin: 10 bytes remain after the last of 1 tokens", file, 1);
    }

    @Test
    void rejectsNonPositiveMaxTokenLength() throws IOException {
        Path file = write(-1, piece(0f, ""));
        assertRejected("tok.bin: max_token_length must be positive, got -1", file, 1);
    }

    @Test
    void keepsRawBytesOfMalformedUtf8() throws IOException {
        byte[] partial = {(byte) 0xe2, (byte) 0x80};
        Path file = write(4, header(0.5f, 2), partial);
        Llama2cTokenizerFile tok = Llama2cTokenizerFile.read(file, 1);
        assertArrayEquals(partial, tok.pieceBytes(0));
        assertEquals("\ufffd", tok.pieces().get(0));
        assertEquals(0.5f, tok.score(0));
    }

    private Path write(int maxTokenLength, byte[]... parts) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maxTokenLength);
        byte[] all = b.array();
        for (byte[] p : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + p.length);
            System.arraycopy(p, 0, all, at, p.length);
        }
        return Files.write(dir.resolve("tok.bin"), all);
    }

    private static byte[] header(float score, int length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(score).putInt(length).array();
    }

    private static byte[] piece(float score, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] h = header(score, bytes.length);
        byte[] all = Arrays.copyOf(h, h.length + bytes.length);
        System.arraycopy(bytes, 0, all, h.length, bytes.length);
        return all;
    }

    private static void assertRejected(String message, Path file, int vocabSize) {
        CheckpointException e =
                assertThrows(CheckpointException.class, () -> Llama2cTokenizerFile.read(file, vocabSize));
        assertEquals(message, e.getMessage());
    }
}
