package org.tuckerattention.formats.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.SharedData;

class Llama2cHeaderTest {

    @TempDir
    Path dir;

    @Test
    void readsStories260KHeader() {
        Llama2cHeader h = Llama2cHeader.read(SharedData.stories260K().resolve("stories260K.bin"));
        assertEquals(new Llama2cHeader(64, 172, 5, 8, 4, 512, true, 512), h);
        assertEquals(8, h.headSize());
        assertEquals(32, h.kvDim());
        assertEquals(1_056_540L, h.fileSize());
    }

    @Test
    void negativeVocabMeansSeparateClassifier() throws IOException {
        Path file = Llama2cFiles.write(
                dir.resolve("m.bin"), Llama2cFiles.tinyWith(5, -16), new float[Llama2cFiles.TINY_UNSHARED_FLOATS]);
        Llama2cHeader h = Llama2cHeader.read(file);
        assertEquals(new Llama2cHeader(8, 12, 2, 2, 1, 16, false, 4), h);
        assertEquals(28 + 4L * Llama2cFiles.TINY_UNSHARED_FLOATS, h.fileSize());
    }

    @Test
    void rejectsTruncatedStories260K() throws IOException {
        byte[] all = Files.readAllBytes(SharedData.stories260K().resolve("stories260K.bin"));
        Path file = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(all, all.length - 4));
        assertRejected("cut.bin: the header implies 1056540 bytes but the file is 1056536 bytes", file);
    }

    @Test
    void rejectsFileShorterThanHeader() throws IOException {
        Path file = Files.write(dir.resolve("m.bin"), new byte[10]);
        assertRejected("m.bin: file is 10 bytes, shorter than the 28-byte llama2.c header", file);
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        Path file = Llama2cFiles.write(
                dir.resolve("m.bin"), Llama2cFiles.TINY, new float[Llama2cFiles.TINY_SHARED_FLOATS + 1]);
        assertRejected("m.bin: the header implies 4604 bytes but the file is 4608 bytes", file);
    }

    @Test
    void rejectsSharedVocabWhenClassifierIsPresent() throws IOException {
        Path file = Llama2cFiles.write(
                dir.resolve("m.bin"), Llama2cFiles.TINY, new float[Llama2cFiles.TINY_UNSHARED_FLOATS]);
        assertRejected("m.bin: the header implies 4604 bytes but the file is 5116 bytes", file);
    }

    @Test
    void rejectsHeadsNotDividingDim() throws IOException {
        Path file = Llama2cFiles.write(dir.resolve("m.bin"), Llama2cFiles.tinyWith(3, 3), new float[0]);
        assertRejected("m.bin: dim 8 is not divisible by n_heads 3", file);
    }

    @Test
    void rejectsKvHeadsNotDividingHeads() throws IOException {
        Path file = Llama2cFiles.write(dir.resolve("m.bin"), Llama2cFiles.tinyWith(4, 4), new float[0]);
        assertRejected("m.bin: n_heads 2 is not divisible by n_kv_heads 4", file);
    }

    @Test
    void rejectsOddHeadSize() throws IOException {
        int[] header = {6, 12, 2, 2, 1, 16, 4};
        Path file = Llama2cFiles.write(dir.resolve("m.bin"), header, new float[0]);
        assertRejected("m.bin: head_size 3 (dim 6 / n_heads 2) must be even for rotary pairs", file);
    }

    @Test
    void rejectsZeroAndNegativeSizes() throws IOException {
        String[] names = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
        for (int i : new int[] {0, 1, 2, 3, 4, 6}) {
            for (int bad : new int[] {0, -1}) {
                Path file = Llama2cFiles.write(dir.resolve("m.bin"), Llama2cFiles.tinyWith(i, bad), new float[0]);
                assertRejected("m.bin: " + names[i] + " must be positive, got " + bad, file);
            }
        }
    }

    @Test
    void rejectsZeroVocab() throws IOException {
        Path file = Llama2cFiles.write(dir.resolve("m.bin"), Llama2cFiles.tinyWith(5, 0), new float[0]);
        assertRejected("m.bin: vocab_size must be non-zero (negative marks an unshared classifier), got 0", file);
    }

    @Test
    void rejectsMostNegativeVocabWhoseMagnitudeOverflows() throws IOException {
        Path file = Llama2cFiles.write(
                dir.resolve("m.bin"), Llama2cFiles.tinyWith(5, Integer.MIN_VALUE), new float[0]);
        assertRejected(
                "m.bin: vocab_size must be non-zero (negative marks an unshared classifier), got -2147483648", file);
    }

    @Test
    void rejectsSizesOverflowingALong() throws IOException {
        int big = 1 << 30;
        int[] header = {big, big, big, 2, 1, 16, 4};
        Path file = Llama2cFiles.write(dir.resolve("m.bin"), header, new float[0]);
        assertRejected("m.bin: the header's sizes overflow a 64-bit byte count", file);
    }

    @Test
    void rejectsVersionedExportMagic() throws IOException {
        int[] header = {Llama2cHeader.VERSIONED_MAGIC, 2, 8, 12, 2, 2, 1};
        Path file = Llama2cFiles.write(dir.resolve("m.bin"), header, new float[57]);
        assertRejected(
                "m.bin: llama2.c version 2 export (magic \"ak42\"); only the legacy v0 format is supported", file);
    }

    @Test
    void rejectsMissingFile() {
        assertRejected("none.bin: file not found", dir.resolve("none.bin"));
    }

    private static void assertRejected(String message, Path file) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Llama2cHeader.read(file));
        assertEquals(message, e.getMessage());
    }
}
