package org.tuckerattention.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuckerattention.formats.CheckpointException;
import org.tuckerattention.formats.tensor.DType;
import org.tuckerattention.formats.tensor.TensorRef;

class SafetensorsHeaderTest {

    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("model.safetensors");
    }

    private String error(String json, int dataBytes) throws IOException {
        return error(RawSafetensors.write(file(), json, dataBytes));
    }

    private static String error(Path file) {
        return assertThrows(CheckpointException.class, () -> SafetensorsReader.open(file).close()).getMessage();
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    @Test
    void acceptsTrailingSpacesMetadataAndZeroSizedTensors() throws IOException {
        String json = "{\"__metadata__\":{\"format\":\"pt\"}," + A + "," + entry("e", "BF16", "[0,3]", 8, 8) + "}   ";
        RawSafetensors.write(file(), json, 8);
        try (SafetensorsFile f = SafetensorsReader.open(file())) {
            assertEquals(List.of("a", "e"), List.copyOf(f.tensors().keySet()));
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(DType.BF16, f.tensors().get("e").dtype());
            assertArrayEquals(new long[] {0, 3}, f.tensors().get("e").shape());
        }
    }

    @Test
    void acceptsEmptyHeaderWithoutData() throws IOException {
        try (SafetensorsFile f = SafetensorsReader.open(RawSafetensors.write(file(), "{}", 0))) {
            assertEquals(Map.of(), f.tensors());
            assertEquals(Map.of(), f.metadata());
        }
    }

    @Test
    void rejectsFileShorterThanLengthPrefix() throws IOException {
        Files.write(file(), new byte[5]);
        assertEquals("model.safetensors: file is 5 bytes, too short for the 8-byte header length", error(file()));
    }

    @Test
    void rejectsHeaderLongerThanFile() throws IOException {
        RawSafetensors.write(file(), 9007199254740993L, new byte[1016]);
        assertEquals("model.safetensors: header length 9007199254740993 exceeds file size 1024", error(file()));
    }

    @Test
    void rejectsHeaderLengthWithTopBitSetAsUnsigned() throws IOException {
        RawSafetensors.write(file(), -1L, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("model.safetensors: header length 18446744073709551615 exceeds file size 10", error(file()));
    }

    @Test
    void rejectsHeaderOneByteLongerThanFile() throws IOException {
        RawSafetensors.write(file(), 3, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("model.safetensors: header length 3 exceeds file size 10", error(file()));
    }

    @Test
    void rejectsHeaderLargerThanLimitWithoutReadingIt() throws IOException {
        RawSafetensors.write(file(), SafetensorsHeader.MAX_LENGTH + 1);
        try (RandomAccessFile sparse = new RandomAccessFile(file().toFile(), "rw")) {
            sparse.setLength(SafetensorsHeader.MAX_LENGTH + 64);
        }
        assertEquals("model.safetensors: header length 104857601 is larger than the 104857600 bytes allowed",
                error(file()));
    }

    @Test
    void rejectsHeaderShorterThanAnObject() throws IOException {
        RawSafetensors.write(file(), 1, "{".getBytes(StandardCharsets.UTF_8));
        assertEquals("model.safetensors: header length 1 is too small for a JSON object", error(file()));
        RawSafetensors.write(file(), 0);
        assertEquals("model.safetensors: header length 0 is too small for a JSON object", error(file()));
    }

    @Test
    void rejectsInvalidUtf8() throws IOException {
        RawSafetensors.write(file(), 4, new byte[] {'{', '"', (byte) 0xC3, '}'});
        assertEquals("model.safetensors: header is not valid UTF-8", error(file()));
    }

    @Test
    void rejectsInvalidJson() throws IOException {
        assertEquals("model.safetensors: header is not valid JSON at line 1, column 8: Unexpected end-of-input:"
                + " expected close marker for Object (start marker at [line: 1, column: 1])", error("{\"a\":{}", 0));
    }

    @Test
    void rejectsTrailingTokensAfterTheObject() throws IOException {
        assertEquals("model.safetensors: header is not valid JSON at line 1, column 4: unexpected text after the value",
                error("{} {}", 0));
    }

    @Test
    void rejectsDuplicateTensorNames() throws IOException {
        assertEquals("model.safetensors: header is not valid JSON at line 1, column 58: Duplicate field 'a'",
                error("{" + A + "," + A + "}", 8));
    }

    @Test
    void rejectsDeepNestingWithoutStackOverflow() throws IOException {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertEquals("model.safetensors: header is not valid JSON: Document nesting depth (1001) exceeds the maximum"
                + " allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)", error(deep, 0));
    }

    @Test
    void rejectsHeaderThatIsNotAnObject() throws IOException {
        assertEquals("model.safetensors: header is not a JSON object", error("[1, 2]", 0));
    }

    @Test
    void rejectsEntryThatIsNotAnObject() throws IOException {
        assertEquals("model.safetensors: tensor 'a' must be an object with dtype, shape and data_offsets, got [1]",
                error("{\"a\":[1]}", 0));
    }

    @Test
    void rejectsEntryMissingKeys() throws IOException {
        assertEquals("model.safetensors: tensor 'a' has no 'dtype'",
                error("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
        assertEquals("model.safetensors: tensor 'a' has no 'shape'",
                error("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8));
        assertEquals("model.safetensors: tensor 'a' has no 'data_offsets'",
                error("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8));
    }

    @Test
    void rejectsEntryKeysOfWrongTypes() throws IOException {
        assertEquals("model.safetensors: tensor 'a': 'dtype' must be a string, got 4",
                error("{\"a\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
        assertEquals("model.safetensors: tensor 'a': 'shape' must be an array of integers, got \"2\"",
                error("{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", 8));
        assertEquals("model.safetensors: tensor 'a': 'shape' must be an array of integers, got element 2.5",
                error("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8));
        assertEquals("model.safetensors: tensor 'a': 'data_offsets' must be two non-negative integers, got [0]",
                error("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8));
        assertEquals("model.safetensors: tensor 'a': 'data_offsets' must be two non-negative integers, got [-8,0]",
                error("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8));
    }

    @Test
    void rejectsUnknownDtypeNamingIt() throws IOException {
        assertEquals("model.safetensors: tensor 'a' has unknown dtype 'F8_E4M3'"
                        + " (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)",
                error("{" + entry("a", "F8_E4M3", "[2]", 0, 2) + "}", 2));
    }

    @Test
    void rejectsNegativeDimension() throws IOException {
        assertEquals("model.safetensors: tensor 'a' has negative dimension -2 in shape [2,-2]",
                error("{" + entry("a", "F32", "[2,-2]", 0, 8) + "}", 8));
    }

    @Test
    void rejectsShapesWhoseSizeOverflows() throws IOException {
        assertEquals("model.safetensors: tensor 'a': shape [4294967296, 4294967296] of F32 is larger than 2^63 bytes",
                error("{" + entry("a", "F32", "[4294967296,4294967296]", 0, 8) + "}", 8));
        assertEquals("model.safetensors: tensor 'a': shape [2305843009213693952] of F32 is larger than 2^63 bytes",
                error("{" + entry("a", "F32", "[2305843009213693952]", 0, 8) + "}", 8));
        assertEquals("model.safetensors: tensor 'a': dimension 100000000000000000000 does not fit in 64 bits",
                error("{" + entry("a", "F32", "[100000000000000000000]", 0, 8) + "}", 8));
    }

    @Test
    void rejectsShapeThatDisagreesWithByteRange() throws IOException {
        assertEquals("model.safetensors: tensor 'a': shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20]"
                + " hold 20", error("{" + entry("a", "F32", "[2,3]", 0, 20) + "}", 20));
    }

    @Test
    void rejectsRangeThatEndsBeforeItBegins() throws IOException {
        assertEquals("model.safetensors: tensor 'a': data_offsets [8, 0] end before they begin",
                error("{" + entry("a", "F32", "[2]", 8, 0) + "}", 8));
    }

    @Test
    void rejectsRangePastTheEndOfTheFile() throws IOException {
        assertEquals("model.safetensors: tensor 'a': data_offsets [0, 8] run past the end of the data (4 bytes)",
                error("{" + A + "}", 4));
    }

    @Test
    void rejectsOverlappingRanges() throws IOException {
        assertEquals("model.safetensors: tensors 'a' [0, 8] and 'b' [4, 12] overlap",
                error("{" + entry("b", "F32", "[2]", 4, 12) + "," + A + "}", 12));
    }

    @Test
    void rejectsGapBetweenRanges() throws IOException {
        assertEquals("model.safetensors: bytes [8, 12) between tensors 'a' and 'b' belong to no tensor",
                error("{" + A + "," + entry("b", "F32", "[1]", 12, 16) + "}", 16));
    }

    @Test
    void rejectsDataNotStartingAtZero() throws IOException {
        assertEquals("model.safetensors: data does not start at offset 0: the first tensor 'b' begins at 4",
                error("{" + entry("b", "F32", "[1]", 4, 8) + "}", 8));
    }

    @Test
    void rejectsBytesAfterTheLastTensor() throws IOException {
        assertEquals("model.safetensors: 3 bytes after the last tensor 'a' belong to no tensor",
                error("{" + A + "}", 11));
        assertEquals("model.safetensors: no tensors, but 5 data bytes follow the header", error("{}", 5));
    }

    @Test
    void rejectsMetadataThatIsNotStrings() throws IOException {
        assertEquals("model.safetensors: __metadata__ value of 'step' must be a string, got 3",
                error("{\"__metadata__\":{\"step\":3}}", 0));
        assertEquals("model.safetensors: __metadata__ must be an object of strings, got \"pt\"",
                error("{\"__metadata__\":\"pt\"}", 0));
    }

    @Test
    void failsOnlyWithOneLineCheckpointExceptionsOnCorruptedOrTruncatedFiles() throws IOException {
        Path valid = dir.resolve("valid.safetensors");
        SafetensorsWriter.write(valid, List.of(
                TensorSource.of("a", DType.F32, new long[] {2, 3}, new float[6]),
                TensorSource.of("b", DType.BF16, new long[] {4}, new float[4])), Map.of("format", "pt"));
        byte[] original = Files.readAllBytes(valid);
        Random random = new Random(345);
        int rejected = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes = trial % 4 == 0
                    ? Arrays.copyOf(original, random.nextInt(original.length))
                    : original.clone();
            for (int flips = trial % 4 == 0 ? 0 : 1 + random.nextInt(3); flips > 0; flips--) {
                int at = random.nextInt(Math.min(bytes.length, 8 + 160));
                bytes[at] = (byte) random.nextInt(256);
            }
            Files.write(file(), bytes);
            try (SafetensorsFile f = SafetensorsReader.open(file())) {
                assertEquals(bytes.length - 8 - f.tensors().values().stream().mapToLong(TensorRef::byteSize).sum(),
                        RawSafetensors.headerJson(file()).getBytes(StandardCharsets.UTF_8).length);
            } catch (CheckpointException e) {
                rejected++;
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
        assertTrue(rejected > 1000, "rejected " + rejected);
    }

    @Test
    void quotesHostileNamesOnOneLine() throws IOException {
        String name = "x\\ny" + "z".repeat(200);
        String message = error("{\"" + name + "\":1}", 0);
        assertEquals("model.safetensors: tensor 'x\\u000ay" + "z".repeat(117)
                + "...' must be an object with dtype, shape and data_offsets, got 1", message);
    }
}
